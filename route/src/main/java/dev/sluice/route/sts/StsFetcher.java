package dev.sluice.route.sts;

import dev.sluice.client.Transports;
import dev.sluice.client.TrustConfig;
import dev.sluice.route.PrivateAddresses;
import dev.sluice.route.dns.MailResolver;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Fetches {@code https://mta-sts.DOMAIN/.well-known/mta-sts.txt} (RFC 8461 §3.3) with Netty's HTTP
 * codec on the router's event loops, the host found through the router's own resolver (so that a
 * lab's or a split-horizon DNS applies, and no thread blocks in the system resolver): the
 * certificate verified against the router's trust (PKIX and the host name), no redirects, a size
 * limit (the aggregator refuses a larger body) and one time limit for the whole exchange,
 * {@code text/plain} required.
 */
public final class StsFetcher {

  private final EventLoopGroup group;
  private final MailResolver dns;
  private final SslContext ssl;
  private final int port;
  private final Duration timeout;
  private final int maxBytes;
  private final boolean allowPrivate;

  public StsFetcher(EventLoopGroup group, MailResolver dns, TrustConfig trust, StsConfig config, boolean allowPrivate) {
    this.group = group;
    this.dns = dns;
    this.port = config.httpsPort();
    this.timeout = config.fetchTimeout();
    this.maxBytes = config.maxPolicyBytes();
    this.allowPrivate = allowPrivate;
    try {
      this.ssl = SslContextBuilder.forClient().trustManager(TrustConfig.trustManager(trust))
          .endpointIdentificationAlgorithm("HTTPS").build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the TLS context of MTA-STS fetches: " + e.getMessage(), e);
    }
  }

  /** The policy of {@code domain}; fails with an {@link StsException}. */
  public CompletableFuture<StsPolicy> fetch(String domain) {
    String host = "mta-sts." + domain;
    return dns.addresses(host).handle((addresses, error) -> {
      if (error != null) {
        throw new StsException(StsException.Kind.FETCH_ERROR, "cannot resolve " + host + ": " + cause(error).getMessage());
      }
      List<InetAddress> usable = addresses.stream().filter(a -> allowPrivate || !PrivateAddresses.isPrivate(a)).toList();
      if (usable.isEmpty()) {
        throw new StsException(StsException.Kind.FETCH_ERROR, host + " has no usable address"
            + (addresses.isEmpty() ? "" : " (only private or reserved ones)"));
      }
      return usable.get(0);
    }).thenCompose(address -> get(host, address));
  }

  private CompletableFuture<StsPolicy> get(String host, InetAddress address) {
    CompletableFuture<StsPolicy> result = new CompletableFuture<>();
    Bootstrap b = new Bootstrap().group(group).channel(Transports.channelType(group))
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), host, port), new HttpClientCodec(),
                new HttpObjectAggregator(maxBytes), new Reader(host, result));
          }
        });
    b.connect(new InetSocketAddress(address, port)).addListener(f -> {
      if (!f.isSuccess()) {
        result.completeExceptionally(new StsException(StsException.Kind.FETCH_ERROR, "cannot connect to " + host
            + " (" + address.getHostAddress() + ":" + port + "): " + f.cause().getMessage(), f.cause()));
        return;
      }
      Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
      var limit = ch.eventLoop().schedule(() -> {
        result.completeExceptionally(new StsException(StsException.Kind.FETCH_ERROR, "no policy from " + host
            + " within " + timeout.toMillis() + " ms"));
        ch.close();
      }, timeout.toMillis(), TimeUnit.MILLISECONDS);
      result.whenComplete((p, e) -> {
        limit.cancel(false);
        ch.close();
      });
      FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/.well-known/mta-sts.txt");
      req.headers().set(HttpHeaderNames.HOST, port == 443 ? host : host + ":" + port)
          .set(HttpHeaderNames.CONNECTION, "close").set(HttpHeaderNames.USER_AGENT, "sluice");
      ch.writeAndFlush(req);
    });
    return result;
  }

  /** Reads the one response. */
  private static final class Reader extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final String host;
    private final CompletableFuture<StsPolicy> result;

    Reader(String host, CompletableFuture<StsPolicy> result) {
      this.host = host;
      this.result = result;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      int status = response.status().code();
      if (status != 200) {
        String why = status / 100 == 3 ? " (a redirect: not followed, RFC 8461 §3.3)" : "";
        result.completeExceptionally(new StsException(StsException.Kind.FETCH_ERROR,
            host + " answered HTTP " + status + why));
        return;
      }
      String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
      if (!type.toLowerCase(Locale.ROOT).split(";")[0].trim().equals("text/plain")) {
        result.completeExceptionally(new StsException(StsException.Kind.FETCH_ERROR,
            host + " sent the policy as '" + type + "', not text/plain"));
        return;
      }
      try {
        result.complete(StsPolicy.parse(response.content().toString(StandardCharsets.UTF_8)));
      } catch (StsException e) {
        result.completeExceptionally(e);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Throwable c = cause;
      while (c.getCause() != null && !(c instanceof javax.net.ssl.SSLHandshakeException)) {
        c = c.getCause();
      }
      boolean pki = c instanceof javax.net.ssl.SSLHandshakeException || c instanceof java.security.cert.CertificateException;
      result.completeExceptionally(new StsException(pki ? StsException.Kind.WEBPKI_INVALID : StsException.Kind.FETCH_ERROR,
          (pki ? "the certificate of " + host + " did not verify: " : "fetching the policy from " + host + " failed: ")
              + cause.getMessage(), cause));
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      result.completeExceptionally(new StsException(StsException.Kind.FETCH_ERROR, host + " closed the connection"
          + " before a complete response"));
    }
  }

  private static Throwable cause(Throwable t) {
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
