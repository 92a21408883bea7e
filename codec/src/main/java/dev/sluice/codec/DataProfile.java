package dev.sluice.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * What a client must know about a message before MAIL FROM: its size on the wire after line-ending
 * normalisation (the RFC 1870 SIZE, which excludes dot-stuffing and the terminator) and whether it
 * holds 8-bit bytes (8BITMIME, RFC 6152).
 *
 * @param size octets after normalising bare CR/LF to CRLF and adding a final CRLF if missing
 * @param eightBit whether any byte has the high bit set
 */
public record DataProfile(long size, boolean eightBit) {

  /** Scans the readable bytes of {@code data} (indexes untouched). */
  public static DataProfile of(ByteBuf data) {
    Scanner s = new Scanner();
    if (data.isReadable()) {
      data.forEachByte(s);
    }
    long size = data.readableBytes() + s.added;
    if (s.last == '\r') {
      size++; // a final bare CR becomes CRLF
    } else if (s.last != '\n' && s.last != -1) {
      size += 2; // a final CRLF is added
    }
    return new DataProfile(size, s.eightBit);
  }

  private static final class Scanner implements ByteProcessor {
    long added;
    int last = -1;
    boolean eightBit;

    @Override
    public boolean process(byte b) {
      if (b < 0) {
        eightBit = true;
      } else if (b == '\n') {
        if (last != '\r') {
          added++; // bare LF gets a CR
        }
      } else if (last == '\r') {
        added++; // the previous CR was bare: it gets an LF
      }
      last = b;
      return true;
    }
  }
}
