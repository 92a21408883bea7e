package dev.sluice.sink.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * The content of the message being received: counted always, collected only when the store keeps
 * data, and never beyond the size limit (the rest is counted and dropped, and the message refused
 * with 552 at its end, RFC 5321 4.5.3.1.10).
 */
final class MessageBody {

  private final ByteBufAllocator alloc;
  private final long limit;
  private final boolean keep;
  private ByteBuf bytes;
  private long received;

  MessageBody(ByteBufAllocator alloc, long limit, boolean keep) {
    this.alloc = alloc;
    this.limit = limit;
    this.keep = keep;
  }

  /** Takes in a piece of content; the caller keeps ownership of {@code content}. */
  void add(ByteBuf content) {
    int n = content.readableBytes();
    received += n;
    if (!keep || n == 0) {
      return;
    }
    if (received > limit) {
      release();
      return;
    }
    if (bytes == null) {
      bytes = alloc.heapBuffer((int) Math.min(Math.max(n, 1024), limit));
    }
    bytes.writeBytes(content, content.readerIndex(), n);
  }

  /** Octets received so far, whether kept or not. */
  long received() {
    return received;
  }

  boolean oversized() {
    return received > limit;
  }

  /** The collected bytes (empty when nothing is kept); releases the buffer. */
  byte[] takeBytes() {
    if (bytes == null) {
      return new byte[0];
    }
    byte[] out = ByteBufUtil.getBytes(bytes);
    release();
    return out;
  }

  void release() {
    if (bytes != null) {
      bytes.release();
      bytes = null;
    }
  }
}
