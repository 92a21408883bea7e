package dev.sluice.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One BDAT chunk of a message (RFC 3030): {@link BdatEncoder} writes {@code BDAT <size>[ LAST]}
 * with the exact size of the bytes that follow, after line-ending normalisation unless
 * {@code binary}. Each chunk is answered by one reply.
 */
public final class BdatChunk extends DefaultByteBufHolder {

  private final boolean last;
  private final boolean binary;

  public BdatChunk(ByteBuf content, boolean last, boolean binary) {
    super(content);
    this.last = last;
    this.binary = binary;
  }

  public boolean isLast() {
    return last;
  }

  /** True for BINARYMIME content, sent byte for byte. */
  public boolean isBinary() {
    return binary;
  }

  @Override
  public BdatChunk replace(ByteBuf content) {
    return new BdatChunk(content, last, binary);
  }

  @Override
  public String toString() {
    return "BdatChunk[" + content().readableBytes() + " bytes" + (last ? ", last" : "")
        + (binary ? ", binary" : "") + "]";
  }
}
