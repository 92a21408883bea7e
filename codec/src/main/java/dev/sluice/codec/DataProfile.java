package dev.sluice.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What a client must know about a message before MAIL FROM: its size on the wire after line-ending
 * normalisation (the RFC 1870 SIZE, which excludes dot-stuffing and the terminator) and whether it
 * holds 8-bit bytes (8BITMIME, RFC 6152).
 *
 * <p>Computed for every message a bulk sender sends, so it counts eight bytes at a time: CRs and
 * LFs by exact SWAR byte masks (popcount), CRLF pairs by shifting the CR mask onto the next byte.
 *
 * @param size octets after normalising bare CR/LF to CRLF and adding a final CRLF if missing
 * @param eightBit whether any byte has the high bit set
 */
public record DataProfile(long size, boolean eightBit) {

  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long CRS = 0x0D0D0D0D0D0D0D0DL;
  private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
  private static final long HIGHS = 0x8080808080808080L;

  /** Scans the readable bytes of {@code data} (indexes untouched). */
  public static DataProfile of(ByteBuf data) {
    int len = data.readableBytes();
    if (len == 0) {
      return new DataProfile(0, false);
    }
    ByteBuffer view = data.nioBufferCount() == 1 ? data.nioBuffer(data.readerIndex(), len)
        : ByteBuffer.wrap(ByteBufUtil.getBytes(data));
    view.order(ByteOrder.LITTLE_ENDIAN);
    long crs = 0;
    long lfs = 0;
    long pairs = 0;
    long high = 0;
    boolean previousWasCr = false;
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      long w = view.getLong(i);
      high |= w;
      long cr = exactZeroBytes(w ^ CRS);
      long lf = exactZeroBytes(w ^ LFS);
      crs += Long.bitCount(cr);
      lfs += Long.bitCount(lf);
      pairs += Long.bitCount((cr << 8) & lf);
      if (previousWasCr && (lf & 0x80) != 0) {
        pairs++;
      }
      previousWasCr = cr < 0; // the top byte's flag is the sign bit
    }
    for (; i < len; i++) {
      byte b = view.get(i);
      high |= b;
      if (b == '\r') {
        crs++;
      } else if (b == '\n') {
        lfs++;
        if (previousWasCr) {
          pairs++;
        }
      }
      previousWasCr = b == '\r';
    }
    byte last = view.get(len - 1);
    long size = len + (crs - pairs) + (lfs - pairs) + (last == '\r' || last == '\n' ? 0 : 2);
    return new DataProfile(size, (high & HIGHS) != 0);
  }

  /** 0x80 in every byte of {@code x} that is zero, 0 elsewhere (exact: no borrow across bytes). */
  private static long exactZeroBytes(long x) {
    return ~(((x & LOW7) + LOW7) | x | LOW7);
  }
}
