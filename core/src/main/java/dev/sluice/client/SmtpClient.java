package dev.sluice.client;

import dev.sluice.codec.BdatEncoder;
import dev.sluice.codec.DotStuffingEncoder;
import dev.sluice.codec.SmtpCommandEncoder;
import dev.sluice.codec.SmtpReply;
import dev.sluice.codec.SmtpReplyDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Connects to one SMTP server with one configuration and hands out ready {@link SmtpSession}s.
 * Thread-safe; create one per destination and keep it (it holds the TLS context and, unless given
 * one, its event loop group).
 *
 * <pre>{@code
 * try (SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("smtp.example.com")
 *         .credentials(Credentials.password("me@example.com", secret)).build())) {
 *   SmtpSession session = client.connect().join();
 *   session.send(Envelope.of("me@example.com", "you@example.org"), MessageContent.of(mime)).join();
 *   session.quit().join();
 * }
 * }</pre>
 */
public final class SmtpClient implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(LoggerNames.TLS);

  private final SmtpClientConfig config;
  private final EventLoopGroup group;
  /**
   * Found once: asking the group ({@code IoEventLoopGroup.isIoType}) takes its {@code next()} loop,
   * and asking on every connect took every other one, so that connections opened one after another
   * all landed on the same event loop of a two-loop group.
   */
  private final Class<? extends io.netty.channel.Channel> channelType;
  private final boolean ownsGroup;
  private final SslContext ssl;
  private final String tlsProvider;

  private SmtpClient(SmtpClientConfig config, EventLoopGroup group, boolean ownsGroup) {
    this.config = config;
    this.group = group;
    this.channelType = Transports.channelType(group);
    this.ownsGroup = ownsGroup;
    if (config.tlsMode() == TlsMode.NONE) {
      this.ssl = null;
      this.tlsProvider = null;
    } else {
      this.ssl = TlsContexts.forClient(config.trust(), config.tlsProvider());
      this.tlsProvider = TlsContexts.providerName(config.tlsProvider());
      // Opportunistic TLS is unauthenticated by definition (RFC 7435): a man in the middle can strip
      // STARTTLS anyway, so an unchecked certificate is no news there; callers judge it themselves.
      if (config.trust() instanceof TrustConfig.Insecure && config.tlsMode() != TlsMode.STARTTLS_OPPORTUNISTIC) {
        LOG.log(System.Logger.Level.WARNING, "TLS certificate and host name checks are DISABLED for "
            + config.host() + ":" + config.port() + " (insecure trust): anyone in between can read and change the mail");
      }
    }
  }

  /** A client with its own event loop group ({@link SmtpClientConfig#ioThreads()}), closed with it. */
  public static SmtpClient create(SmtpClientConfig config) {
    return new SmtpClient(config, Transports.newGroup(config.transport(), config.ioThreads(), "sluice-io"), true);
  }

  /** A client on a shared event loop group, which stays open when the client closes. */
  public static SmtpClient create(SmtpClientConfig config, EventLoopGroup group) {
    return new SmtpClient(config, group, false);
  }

  public SmtpClientConfig config() {
    return config;
  }

  /** The TLS implementation in use ("JDK", "OpenSSL …"), or null without TLS. */
  public String tlsProvider() {
    return tlsProvider;
  }

  /** The event loop group connections run on. */
  public EventLoopGroup group() {
    return group;
  }

  /**
   * Opens a connection and sets up a session: greeting, EHLO, STARTTLS (or implicit TLS), EHLO,
   * AUTH. Fails with {@link SmtpConnectException}, {@link SmtpTlsException},
   * {@link SmtpAuthenticationException}, {@link SmtpTimeoutException}, {@link SmtpRejectedException}
   * or {@link ProtocolViolationException}.
   */
  public CompletableFuture<SmtpSession> connect() {
    return connect(SetupListener.NONE);
  }

  /**
   * Like {@link #connect()}, telling {@code listener} about each setup step as it succeeds (see
   * {@link SetupListener}).
   */
  public CompletableFuture<SmtpSession> connect(SetupListener listener) {
    SessionObserver steps = new SessionObserver(SafeSetupListener.of(listener), config);
    CompletableFuture<SmtpSession> session = new CompletableFuture<>();
    CompletableFuture.supplyAsync(this::resolve, BlockingIo.EXECUTOR).whenComplete((addresses, error) -> {
      if (error != null) {
        Throwable cause = Futures.unwrap(error);
        if (cause instanceof SmtpException e) {
          steps.setupFailed(e);
        }
        session.completeExceptionally(cause);
      } else {
        connect(addresses, 0, session, steps);
      }
    });
    return session;
  }

  /**
   * Like {@link #connect(SetupListener)}, to addresses found by the caller (e.g. an MX lookup done
   * without blocking): each is tried in turn on the configured port until one accepts the TCP
   * connection. {@link SmtpClientConfig#host()} is still the name used for SNI and the certificate
   * check; nothing is resolved here.
   */
  public CompletableFuture<SmtpSession> connect(java.util.List<InetAddress> addresses, SetupListener listener) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no address to connect to");
    }
    CompletableFuture<SmtpSession> session = new CompletableFuture<>();
    connect(addresses.toArray(new InetAddress[0]), 0, session,
        new SessionObserver(SafeSetupListener.of(listener), config));
    return session;
  }

  private InetAddress[] resolve() {
    try {
      return InetAddress.getAllByName(config.host());
    } catch (UnknownHostException e) {
      throw new SmtpConnectException(SmtpConnectException.Reason.DNS,
          "cannot resolve host " + config.host() + ": " + e.getMessage(), e);
    }
  }

  /** Tries each address in turn until one accepts the TCP connection. */
  private void connect(InetAddress[] addresses, int index, CompletableFuture<SmtpSession> session,
      SessionObserver listener) {
    WireTrace trace = config.trace() != null ? config.trace()
        : WireTrace.loggerEnabled() ? WireTrace.logger(config.host() + ":" + config.port()) : null;
    SmtpConnection conn = new SmtpConnection(config.timeouts(), trace, config.metrics());
    long started = System.nanoTime();
    CompletableFuture<SmtpReply>[] greeting = newGreetingHolder();
    CompletableFuture<TlsInfo>[] implicitTls = newTlsHolder();
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(channelType)
        .option(ChannelOption.TCP_NODELAY, true)
        // A failed write must not close the socket at once: the server's last reply (a 552 sent
        // before it reset the connection) may still be waiting to be read. SmtpConnection closes.
        .option(ChannelOption.AUTO_CLOSE, false)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.timeouts().connect().toMillis()))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ChannelPipeline p = ch.pipeline();
            p.addLast(StartTlsPhase.ARRIVALS, new Arrivals());
            if (config.metrics() != null) {
              p.addLast("bytes", new ByteCounter(config.metrics()));
            }
            p.addLast("replies", new SmtpReplyDecoder());
            p.addLast("commands", SmtpCommandEncoder.INSTANCE);
            p.addLast("data", new DotStuffingEncoder());
            p.addLast("bdat", new BdatEncoder());
            if (trace != null) {
              p.addLast("trace", new WireTraceHandler(trace));
            }
            p.addLast("session", conn);
            if (config.tlsMode() == TlsMode.IMPLICIT) {
              SslHandler tls = StartTlsPhase.newHandler(ch, ssl, config.host(), config.port(),
                  config.timeouts().tlsHandshake().toMillis());
              p.addAfter(StartTlsPhase.ARRIVALS, "tls", tls);
              implicitTls[0] = StartTlsPhase.whenHandshaken(conn, tls, tlsProvider, true);
            }
            // The greeting's slot exists before any byte can be read.
            greeting[0] = conn.expect(SmtpPhase.GREETING, false);
          }
        });
    InetSocketAddress target = new InetSocketAddress(addresses[index], config.port());
    ChannelFuture connecting = b.connect(target);
    connecting.addListener(f -> {
      if (!f.isSuccess()) {
        if (index + 1 < addresses.length) {
          connect(addresses, index + 1, session, listener);
        } else {
          SmtpException failure = connectFailure(target, f.cause());
          listener.setupFailed(failure);
          session.completeExceptionally(failure);
        }
        return;
      }
      if (trace != null) {
        trace.event("connected to " + target + (config.tlsMode() == TlsMode.IMPLICIT ? " (implicit TLS)" : ""));
      }
      if (config.metrics() != null) {
        config.metrics().connected(System.nanoTime() - started);
      }
      listener.connected(target);
      new SessionSetup(conn, config, ssl, tlsProvider, listener).run(greeting[0], implicitTls[0]).whenComplete((info, error) -> {
        if (error != null) {
          Throwable cause = Futures.unwrap(error);
          if (cause instanceof SmtpException e) {
            listener.setupFailed(e);
          }
          session.completeExceptionally(cause);
        } else {
          listener.ready(info);
          conn.onClose(cause -> listener.closed(conn.closedCleanly() ? null : cause));
          session.complete(new SmtpSession(conn, info, config, listener));
        }
      });
    });
  }

  @SuppressWarnings("unchecked")
  private static CompletableFuture<SmtpReply>[] newGreetingHolder() {
    return new CompletableFuture[1];
  }

  @SuppressWarnings("unchecked")
  private static CompletableFuture<TlsInfo>[] newTlsHolder() {
    return new CompletableFuture[1];
  }

  private SmtpException connectFailure(InetSocketAddress target, Throwable cause) {
    String where = config.host() + ":" + config.port() + " (" + target.getAddress().getHostAddress() + ")";
    String text = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
    if (cause instanceof ConnectTimeoutException) {
      return new SmtpConnectException(SmtpConnectException.Reason.TIMEOUT,
          "connecting to " + where + " timed out after " + config.timeouts().connect().toSeconds() + " s", cause);
    }
    if (cause instanceof NoRouteToHostException || text.contains("no route to host")
        || text.contains("network is unreachable")) {
      return new SmtpConnectException(SmtpConnectException.Reason.UNREACHABLE, "cannot reach " + where, cause);
    }
    if (cause instanceof ConnectException || text.contains("connection refused")) {
      return new SmtpConnectException(SmtpConnectException.Reason.REFUSED, "connection to " + where + " refused", cause);
    }
    return new SmtpConnectException(SmtpConnectException.Reason.OTHER,
        "cannot connect to " + where + ": " + cause.getMessage(), cause);
  }

  /** Closes the client's own event loop group (waiting up to 5 s); a shared group stays open. */
  @Override
  public void close() {
    if (ownsGroup) {
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
