package dev.sluice.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Server side: writes {@link SmtpReply}s, every line but the last as {@code code-text}, the last as
 * {@code code text} (or just {@code code} when its text is empty, RFC 5321 4.2). Stateless and
 * shared.
 */
@Sharable
public final class SmtpReplyEncoder extends MessageToByteEncoder<SmtpReply> {

  public static final SmtpReplyEncoder INSTANCE = new SmtpReplyEncoder();

  private SmtpReplyEncoder() {
    super(SmtpReply.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, SmtpReply reply, ByteBuf out) {
    encode(reply, out);
  }

  /** Appends the wire form of {@code reply} to {@code out}. */
  public static void encode(SmtpReply reply, ByteBuf out) {
    byte[] text = reply.textBytes();
    int lines = reply.lineCount();
    int code = reply.code();
    for (int i = 0; i < lines; i++) {
      int start = reply.lineStart(i);
      int end = reply.lineEnd(i);
      boolean last = i == lines - 1;
      out.writeByte('0' + code / 100).writeByte('0' + code / 10 % 10).writeByte('0' + code % 10);
      if (!last || end > start) {
        out.writeByte(last ? ' ' : '-');
        out.writeBytes(text, start, end - start);
      }
      out.writeByte('\r').writeByte('\n');
    }
  }
}
