package dev.sluice.sink;

import dev.sluice.sink.session.Counters;
import dev.sluice.sink.session.SessionSettings;
import dev.sluice.sink.session.SinkChannelInitializer;
import dev.sluice.sink.session.SinkEvent;
import dev.sluice.sink.store.CountingStore;
import dev.sluice.sink.store.DirectoryStore;
import dev.sluice.sink.store.MemoryStore;
import dev.sluice.sink.store.MessageStore;
import dev.sluice.sink.tls.CertificateBuilder;
import dev.sluice.sink.tls.CertifiedKey;
import dev.sluice.sink.tls.SinkTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An embeddable SMTP server for tests and benchmarks: it accepts mail, keeps it (or only counts
 * it), and can misbehave on purpose.
 *
 * <pre>{@code
 * try (SmtpSink sink = SmtpSink.builder().tls(TlsMode.STARTTLS).user("u@example.test", "secret").start()) {
 *   // point a client at sink.address(), trusting sink.certificate().certificatePem()
 *   StoredMessage m = sink.awaitMessages(1, Duration.ofSeconds(5)).get(0);
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #start()} and {@link #close()} block and must not be called on an event
 * loop.
 */
public final class SmtpSink implements AutoCloseable {

  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);
  /** Replies are small: 64 KiB of kernel send buffer per connection is thousands of them. */
  private static final int REPLY_SEND_BUFFER = 64 * 1024;

  private enum State { NEW, STARTED, CLOSED }

  private final SinkConfig config;
  private final MemoryStore memory;
  private State state = State.NEW;
  private Counters counters = new Counters();
  private CertifiedKey certificate;
  private MessageStore store;
  private EventLoopGroup group;
  private ChannelGroup channels;
  private Channel server;
  private InetSocketAddress address;
  private String transport;

  SmtpSink(SinkConfig config) {
    this.config = config;
    this.memory = config.storage() instanceof Storage.InMemory ? new MemoryStore() : null;
  }

  public static SmtpSinkBuilder builder() {
    return new SmtpSinkBuilder();
  }

  /**
   * Generates the certificate if needed, binds and starts accepting connections.
   *
   * @return this sink
   * @throws UncheckedIOException when it cannot listen (e.g. the port is taken) or cannot create its directory
   * @throws IllegalStateException when already started or closed
   */
  public synchronized SmtpSink start() {
    if (state != State.NEW) {
      throw new IllegalStateException("the sink was already " + (state == State.STARTED ? "started" : "closed"));
    }
    SslContext ssl = null;
    if (config.tls().enabled()) {
      certificate = config.tls().certificate() != null ? config.tls().certificate() : selfSigned();
      ssl = SinkTls.serverContext(certificate, config.tls().protocols());
    }
    store = openStore();
    Transport chosen = Transport.choose(config.nativeTransport());
    InetSocketAddress bind = config.bindAddress();
    group = chosen.newGroup(config.ioThreads(), bind.getPort());
    channels = new DefaultChannelGroup("sluice-sink", GlobalEventExecutor.INSTANCE);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(chosen.serverChannel())
        .option(ChannelOption.SO_BACKLOG, config.backlog())
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        // The sink only sends replies: a fixed send buffer (no kernel autotuning up to megabytes)
        // bounds what a client that never reads can leave queued, so the write timeout can see it.
        .childOption(ChannelOption.SO_SNDBUF, REPLY_SEND_BUFFER)
        .childHandler(new SinkChannelInitializer(new SessionSettings(config, ssl, store, counters), channels));
    ChannelFuture bound = bootstrap.bind(bind).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      shutDown();
      state = State.CLOSED;
      Throwable cause = bound.cause();
      IOException io = cause instanceof IOException e ? e : new IOException(cause);
      throw new UncheckedIOException("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": "
          + cause.getMessage(), io);
    }
    server = bound.channel();
    address = (InetSocketAddress) server.localAddress();
    transport = chosen.name();
    state = State.STARTED;
    return this;
  }

  /**
   * Stops accepting, says {@code 421} to every open connection and closes it, waits for pending
   * stores, and releases the threads. Idempotent; a sink cannot be restarted.
   */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    boolean started = state == State.STARTED;
    state = State.CLOSED;
    if (started) {
      server.close().awaitUninterruptibly();
      for (Channel ch : channels) {
        ch.pipeline().fireUserEventTriggered(SinkEvent.SHUTDOWN);
      }
      channels.newCloseFuture().awaitUninterruptibly(DRAIN_TIMEOUT.toMillis());
      channels.close().awaitUninterruptibly();
      shutDown();
    }
  }

  private void shutDown() {
    if (group != null) {
      group.shutdownGracefully(0, DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }
    if (store != null) {
      store.close();
    }
  }

  /** Where the sink listens (with the actual port when 0 was asked for). */
  public synchronized InetSocketAddress address() {
    requireStarted();
    return address;
  }

  /** The port the sink listens on. */
  public int port() {
    return address().getPort();
  }

  /**
   * The certificate the sink presents: trust it in the client ({@link CertifiedKey#certificatePem()}).
   *
   * @throws IllegalStateException when the sink does no TLS, or has not started (the default one
   *     is generated at start)
   */
  public synchronized CertifiedKey certificate() {
    if (!config.tls().enabled()) {
      throw new IllegalStateException("the sink does no TLS (TlsMode.NONE)");
    }
    requireStarted();
    return certificate;
  }

  public SinkConfig config() {
    return config;
  }

  /** The counters so far; cheap enough to poll while the sink runs. */
  public synchronized SinkCounters counters() {
    return counters.snapshot();
  }

  /** {@code epoll} or {@code nio}. */
  public synchronized String transport() {
    requireStarted();
    return transport;
  }

  /**
   * The messages accepted so far, in order.
   *
   * @throws IllegalStateException unless the storage is {@link Storage#inMemory()}
   */
  public List<StoredMessage> messages() {
    return memory().messages();
  }

  /**
   * Waits until at least {@code count} messages were accepted (in total, since start or the last
   * {@link #clearMessages()}) and returns them all.
   *
   * @throws TimeoutException saying how many arrived, when {@code timeout} passes first
   * @throws IllegalStateException unless the storage is {@link Storage#inMemory()}
   */
  public List<StoredMessage> awaitMessages(int count, Duration timeout) throws InterruptedException, TimeoutException {
    return memory().await(count, timeout);
  }

  /** Forgets the messages kept so far (in-memory storage). */
  public void clearMessages() {
    memory().clear();
  }

  @Override
  public synchronized String toString() {
    return "SmtpSink[" + (state == State.STARTED ? address.getHostString() + ":" + address.getPort() : state)
        + ", tls=" + config.tls().mode() + ", storage=" + config.storage() + "]";
  }

  private MemoryStore memory() {
    if (memory == null) {
      throw new IllegalStateException("messages are kept only with Storage.inMemory(); this sink uses "
          + config.storage());
    }
    return memory;
  }

  private MessageStore openStore() {
    Storage storage = config.storage();
    if (storage instanceof Storage.Directory dir) {
      return new DirectoryStore(dir.path());
    }
    return memory != null ? memory : CountingStore.INSTANCE;
  }

  private CertifiedKey selfSigned() {
    Set<String> hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
    hosts.add(config.hostname());
    String bound = config.bindAddress().getAddress().getHostAddress();
    if (!config.bindAddress().getAddress().isAnyLocalAddress()) {
      hosts.add(bound);
    }
    return CertificateBuilder.forHosts(hosts.toArray(String[]::new)).selfSigned();
  }

  private void requireStarted() {
    if (state != State.STARTED) {
      throw new IllegalStateException("the sink is " + (state == State.NEW ? "not started" : "closed"));
    }
  }
}
