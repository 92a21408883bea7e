package dev.sluice.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Client side: frames {@link BdatChunk}s as {@code BDAT <n>[ LAST]\r\n} followed by exactly n
 * octets. Text chunks get the same line-ending normalisation as DATA (but no dot-stuffing, and the
 * last chunk gets a final CRLF if the body lacks one); binary chunks go as they are. One per
 * connection (it carries line state across a message's chunks).
 */
public final class BdatEncoder extends MessageToMessageEncoder<BdatChunk> {

  private final MessageDataTransformer text = new MessageDataTransformer(DataFraming.CHUNKED_TEXT);

  public BdatEncoder() {
    super(BdatChunk.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, BdatChunk chunk, List<Object> out) {
    ByteBuf body = chunk.isBinary() ? chunk.content().retain() : text.transform(chunk.content(), ctx.alloc());
    ByteBuf tail = chunk.isLast() && !chunk.isBinary() ? text.finish() : null;
    int size = body.readableBytes() + (tail == null ? 0 : tail.readableBytes());
    ByteBuf header = ctx.alloc().ioBuffer(24);
    ByteBufUtil.writeAscii(header, chunk.isLast() ? "BDAT " + size + " LAST\r\n" : "BDAT " + size + "\r\n");
    out.add(header);
    if (body.isReadable()) {
      out.add(body);
    } else {
      body.release();
    }
    if (tail != null && tail.isReadable()) {
      out.add(tail);
    }
  }

  /**
   * Forgets the message being written: call when it is abandoned before its LAST chunk (a chunk
   * was refused), so its line state and 8-bit flag do not carry into the next message.
   */
  public void reset() {
    text.finish().release();
  }

  /** Whether the text message being written so far had a byte with the high bit set. */
  public boolean sawEightBit() {
    return text.sawEightBit();
  }
}
