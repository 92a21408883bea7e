package dev.sluice.sink.session;

import dev.sluice.codec.SmtpServerDecoder;
import dev.sluice.sink.TlsMode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Sets up each accepted connection: {@code [TLS] → command/data decoder → session}, or, over the
 * connection limit, a 421 and a close.
 */
public final class SinkChannelInitializer extends ChannelInitializer<Channel> {

  private final SessionSettings settings;
  private final ChannelGroup channels;

  /**
   * @param channels where open connections are tracked, so that closing the sink can close them
   */
  public SinkChannelInitializer(SessionSettings settings, ChannelGroup channels) {
    this.settings = settings;
    this.channels = channels;
  }

  @Override
  protected void initChannel(Channel ch) {
    Counters counters = settings.counters;
    counters.connections.increment();
    ChannelPipeline pipeline = ch.pipeline();
    if (counters.active.incrementAndGet() > settings.config.limits().maxConnections()) {
      counters.active.decrementAndGet();
      counters.refused.increment();
      pipeline.addLast(new Refusal(settings.replies.tooManyConnections));
      return;
    }
    ch.closeFuture().addListener(f -> counters.active.decrementAndGet());
    if (ch.remoteAddress() instanceof InetSocketAddress remote && !admitFrom(ch, remote.getAddress())) {
      counters.refused.increment();
      pipeline.addLast(new Refusal(settings.replies.tooManyConnectionsFromAddress));
      return;
    }
    channels.add(ch);
    if (settings.config.tls().mode() == TlsMode.IMPLICIT) {
      pipeline.addLast(StartTls.HANDLER_NAME, settings.ssl.newHandler(ch.alloc()));
    }
    SmtpServerDecoder decoder = new SmtpServerDecoder(settings.config.limits().maxLineLength());
    pipeline.addLast("smtp-decoder", decoder);
    pipeline.addLast("smtp-session", new SmtpSession(settings, decoder, settings.nextConnectionIndex()));
  }

  /**
   * Counts the connection against its client address; false (nothing counted) over the per-address
   * limit: one host cannot take every connection slot.
   */
  private boolean admitFrom(Channel ch, InetAddress address) {
    int limit = settings.config.limits().maxConnectionsPerIp();
    boolean[] admitted = new boolean[1];
    settings.perAddress.compute(address, (a, n) -> {
      int open = n == null ? 0 : n;
      admitted[0] = open < limit;
      return admitted[0] ? open + 1 : n;
    });
    if (admitted[0]) {
      ch.closeFuture().addListener(f -> settings.perAddress.compute(address, (a, n) -> n == null || n <= 1 ? null : n - 1));
    }
    return admitted[0];
  }

  /** Says 421 and closes: the connection limit is reached (RFC 5321 3.1 allows 421 as greeting). */
  private static final class Refusal extends ChannelInboundHandlerAdapter {
    private final byte[] reply;

    Refusal(byte[] reply) {
      this.reply = reply;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(reply)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }
  }
}
