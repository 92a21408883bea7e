package dev.sluice.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts the bytes between the SMTP codecs and the socket (or TLS) for {@link SmtpMetrics}. */
@Sharable
final class ByteCounter extends ChannelDuplexHandler {

  private final SmtpMetrics metrics;

  ByteCounter(SmtpMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      metrics.bytesReceived(b.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf b) {
      metrics.bytesSent(b.readableBytes());
    } else if (msg instanceof ByteBufHolder h) {
      metrics.bytesSent(h.content().readableBytes());
    }
    ctx.write(msg, promise);
  }
}
