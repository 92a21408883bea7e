package dev.sluice.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Counts the bytes the socket delivered, before any TLS. With TLS the reply decoder sees each
 * record's plaintext in its own read, so "already received" must be judged on the raw stream: a
 * reply that completes while this count has not moved since its command was written was made
 * only of bytes that were there before the command (see {@link SmtpConnection}). One addition per
 * read; it holds no bytes, so it cannot let anything past TLS.
 */
final class Arrivals extends ChannelInboundHandlerAdapter {

  private long count;

  long count() {
    return count;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      count += b.readableBytes();
    }
    ctx.fireChannelRead(msg);
  }
}
