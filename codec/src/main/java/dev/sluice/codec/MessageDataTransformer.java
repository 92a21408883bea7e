package dev.sluice.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Streams one message's data into its wire form, chunk by chunk, with the state that matters kept
 * across chunk boundaries:
 *
 * <ol>
 *   <li>a bare CR and a bare LF each become CRLF; CR directly followed by LF is one line end, also
 *       when the CR ends one chunk and the LF starts the next (the CR is sent as CRLF at once and
 *       the LF that follows is dropped, so no byte is ever held back);
 *   <li>with {@link DataFraming#DOT_STUFFED}, a line starting with {@code '.'} gets one more, the
 *       first line included;
 *   <li>{@link #finish} ends the body with CRLF if it lacks one and, when dot-stuffing, adds
 *       {@code .\r\n}.
 * </ol>
 *
 * <p>That normalisation is what closes the SMTP smuggling vectors ({@code <LF>.<LF>},
 * {@code <CR>.<CR>} and friends): after it, the only {@code <CRLF>.<CRLF>} on the wire is ours.
 *
 * <p>Speed: a chunk is first checked eight bytes at a time (SWAR over a {@link ByteBuffer} view,
 * one view per chunk, so no per-byte calls on the {@link ByteBuf}) with no branch per line (see
 * {@link #cleanLength}). A chunk that needs no change — the common case for CRLF text — is passed
 * on as is (retained), not copied. Otherwise the rewrite goes line by line from the last line start
 * before the first change, copying the unchanged runs between the edits. Also records whether any
 * byte had the high bit set ({@link #sawEightBit()}), for the client's 8BITMIME decision.
 *
 * <p>One instance per message stream; not thread-safe; {@link #finish} readies it for the next
 * message.
 */
public final class MessageDataTransformer {

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long CRS = 0x0D0D0D0D0D0D0D0DL;
  private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
  private static final long DOTS = 0x2E2E2E2E2E2E2E2EL;
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

  private static final ByteBuf DOT_CRLF = constant(".\r\n");
  private static final ByteBuf CRLF_DOT_CRLF = constant("\r\n.\r\n");
  private static final ByteBuf CRLF = constant("\r\n");

  private final DataFraming framing;
  private boolean atLineStart = true;
  /** The previous chunk ended with a CR that was sent as CRLF: a leading LF is dropped. */
  private boolean swallowLf;
  private boolean eightBit;

  public MessageDataTransformer(DataFraming framing) {
    this.framing = framing;
  }

  public DataFraming framing() {
    return framing;
  }

  /**
   * Returns the wire form of {@code in}'s readable bytes. The result is a buffer the caller owns:
   * either {@code in} itself, retained, when nothing had to change, or a new buffer. {@code in}'s
   * indexes and the caller's reference to it are left alone.
   */
  public ByteBuf transform(ByteBuf in, ByteBufAllocator alloc) {
    int len = in.readableBytes();
    if (framing == DataFraming.BINARY || len == 0) {
      return in.retain();
    }
    ByteBuf source = in;
    ByteBuf copy = null;
    if (in.nioBufferCount() != 1) {
      copy = Unpooled.wrappedBuffer(ByteBufUtil.getBytes(in));
      source = copy;
    }
    try {
      ByteBuffer view = source.nioBuffer(source.readerIndex(), len).order(ByteOrder.LITTLE_ENDIAN);
      ByteBuf out = null;
      if (swallowLf) { // rare: a CRLF split by the chunk boundary
        out = rewrite(source, view, 0, len, alloc);
      } else {
        int clean = cleanLength(view, len);
        if (clean < len) {
          out = rewrite(source, view, lastLineStart(view, clean), len, alloc);
        } else {
          atLineStart = view.get(len - 1) == '\n';
        }
      }
      if (out == null) {
        return copy == null ? in.retain() : copy.retain();
      }
      return out;
    } finally {
      if (copy != null) {
        copy.release();
      }
    }
  }

  /** The bytes that end the message (see the class comment), and a reset for the next one. */
  public ByteBuf finish() {
    ByteBuf tail;
    if (framing == DataFraming.DOT_STUFFED) {
      tail = atLineStart ? DOT_CRLF.duplicate() : CRLF_DOT_CRLF.duplicate();
    } else if (framing == DataFraming.CHUNKED_TEXT && !atLineStart) {
      tail = CRLF.duplicate();
    } else {
      tail = Unpooled.EMPTY_BUFFER;
    }
    atLineStart = true;
    swallowLf = false;
    eightBit = false;
    return tail;
  }

  /** Number of bytes {@link #finish()} would add now. */
  public int pendingTailLength() {
    return switch (framing) {
      case DOT_STUFFED -> atLineStart ? 3 : 5;
      case CHUNKED_TEXT -> atLineStart ? 0 : 2;
      case BINARY -> 0;
    };
  }

  /** Whether a byte with the high bit set went through since the last {@link #finish}. */
  public boolean sawEightBit() {
    return eightBit;
  }

  /**
   * How many bytes from the start of the chunk need no change, as far as whole words tell: the
   * length of the chunk when it can be passed on as it is, otherwise at most the start of the word
   * with the first change. Called only when no LF is to be swallowed.
   *
   * <p>Each word is classified without a branch per line: exact per-byte masks of CR, LF and
   * {@code '.'} give the positions before which something must be inserted. An LF must sit exactly
   * after a CR (which covers bare LF and bare CR in one test) and, when stuffing, no dot may follow
   * a line end. Text already in wire form has no such position, so the loop runs to the end of the
   * chunk without a mispredicted branch, two words per round. {@link #rewrite} stops at every line
   * end instead, which costs a misprediction per line when line lengths vary, as in real text (see
   * bench/README.md for the numbers); it is still the faster way to apply edits on every line.
   */
  private int cleanLength(ByteBuffer view, int len) {
    final long stuffMask = framing == DataFraming.DOT_STUFFED ? -1L : 0L;
    // Bit 7 set: the byte before the word is a CR / ends a line (for the word's byte 0).
    long carryCr = 0;
    long carryLine = atLineStart ? 0x80L : 0L;
    long high = 0;
    long edits = 0;
    int k = 0;
    for (; k + 16 <= len; k += 16) {
      long w = view.getLong(k);
      long v = view.getLong(k + 8);
      high |= w | v;
      // equal(), written out so that the three tests of a word share its masks
      long wLow = w & LOW7;
      long wAscii = ~w & HIGHS;
      long vLow = v & LOW7;
      long vAscii = ~v & HIGHS;
      long cr = wAscii & ~((wLow ^ CRS) + LOW7);
      long lf = wAscii & ~((wLow ^ LFS) + LOW7);
      long dot = wAscii & ~((wLow ^ DOTS) + LOW7) & stuffMask;
      long cr2 = vAscii & ~((vLow ^ CRS) + LOW7);
      long lf2 = vAscii & ~((vLow ^ LFS) + LOW7);
      long dot2 = vAscii & ~((vLow ^ DOTS) + LOW7) & stuffMask;
      long ends = cr | lf;
      long ends2 = cr2 | lf2;
      long e1 = lf ^ (cr << 8 | carryCr) | dot & (ends << 8 | carryLine);
      long e2 = lf2 ^ (cr2 << 8 | cr >>> 56) | dot2 & (ends2 << 8 | ends >>> 56);
      if ((e1 | e2) != 0) {
        break;
      }
      carryCr = cr2 >>> 56;
      carryLine = ends2 >>> 56;
    }
    for (; k + 8 <= len; k += 8) {
      long w = view.getLong(k);
      high |= w;
      long cr = equal(w, CRS);
      long lf = equal(w, LFS);
      long ends = cr | lf;
      edits = lf ^ (cr << 8 | carryCr) | equal(w, DOTS) & (ends << 8 | carryLine) & stuffMask;
      if (edits != 0) {
        break;
      }
      carryCr = cr >>> 56;
      carryLine = ends >>> 56;
    }
    if (edits == 0 && k < len) {
      long w = 0;
      for (int i = len - 1; i >= k; i--) {
        w = w << 8 | (view.get(i) & 0xff);
      }
      high |= w;
      long cr = equal(w, CRS);
      long lf = equal(w, LFS);
      edits = (lf ^ (cr << 8 | carryCr) | equal(w, DOTS) & ((cr | lf) << 8 | carryLine) & stuffMask)
          & (1L << ((len - k) << 3)) - 1;
    }
    if ((high & HIGHS) != 0) {
      eightBit = true;
    }
    if (edits != 0) {
      return k;
    }
    return view.get(len - 1) == '\r' ? len - 1 : len; // a final CR must be sent as CRLF
  }

  /** Bit 7 of every byte of {@code w} that equals the byte repeated in {@code pattern} (ASCII). */
  private static long equal(long w, long pattern) {
    // Exact, unlike the classic has-zero-byte trick: no carry crosses bytes, and bytes with bit 7
    // set (never CR, LF or '.') are masked out.
    return ~((w & LOW7 ^ pattern) + LOW7) & ~w & HIGHS;
  }

  /**
   * Where {@link #rewrite} can take over from a clean prefix of {@code clean} bytes: just after its
   * last LF (a line start), or the chunk start. Sets {@link #atLineStart} for that position.
   */
  private int lastLineStart(ByteBuffer view, int clean) {
    for (int i = clean - 1; i >= 0; i--) {
      if (view.get(i) == '\n') {
        atLineStart = true;
        return i + 1;
      }
    }
    return 0;
  }

  /**
   * Walks the chunk from {@code from}, a line start or the chunk start; returns null when it needs
   * no change, else the rewritten copy. {@code view} index 0 is {@code src.readerIndex()}.
   */
  private ByteBuf rewrite(ByteBuf src, ByteBuffer view, int from, int len, ByteBufAllocator alloc) {
    final boolean stuff = framing == DataFraming.DOT_STUFFED;
    final int base = src.readerIndex();
    ByteBuf out = null;
    int copied = 0; // view index up to which the input is accounted for in out
    int i = from;
    long high = 0;
    while (i < len) {
      if (atLineStart) {
        atLineStart = false;
        byte b = view.get(i);
        if (swallowLf) {
          swallowLf = false;
          if (b == '\n') {
            out = edit(out, src, base, copied, i, len, alloc);
            copied = i + 1;
            i++;
            atLineStart = true;
            continue;
          }
        }
        if (stuff && b == '.') {
          out = edit(out, src, base, copied, i, len, alloc);
          out.writeByte('.');
          copied = i;
        }
      }
      // Find the next CR or LF, eight bytes at a time.
      int j = -1;
      int k = i;
      for (; k + 8 <= len; k += 8) {
        long w = view.getLong(k);
        high |= w;
        long x = w ^ CRS;
        long y = w ^ LFS;
        long t = ((x - ONES) & ~x | (y - ONES) & ~y) & HIGHS;
        if (t != 0) {
          j = k + (Long.numberOfTrailingZeros(t) >>> 3);
          break;
        }
      }
      if (j < 0) {
        for (; k < len; k++) {
          byte c = view.get(k);
          high |= c;
          if (c == '\r' || c == '\n') {
            j = k;
            break;
          }
        }
      }
      if (j < 0) {
        break;
      }
      atLineStart = true;
      if (view.get(j) == '\n') {
        // A bare LF (a CR before it would have been consumed with it): insert the CR.
        out = edit(out, src, base, copied, j, len, alloc);
        out.writeByte('\r');
        copied = j;
        i = j + 1;
      } else if (j + 1 < len) {
        if (view.get(j + 1) == '\n') {
          i = j + 2;
        } else {
          // A bare CR: add the LF it lacks.
          out = edit(out, src, base, copied, j + 1, len, alloc);
          out.writeByte('\n');
          copied = j + 1;
          i = j + 1;
        }
      } else {
        // A CR ends the chunk: send it as CRLF now and drop an LF that starts the next chunk.
        out = edit(out, src, base, copied, j + 1, len, alloc);
        out.writeByte('\n');
        copied = j + 1;
        i = j + 1;
        swallowLf = true;
      }
    }
    if ((high & HIGHS) != 0) { // a negative byte sign-extends, so it sets bit 7 too
      eightBit = true;
    }
    if (out != null && copied < len) {
      out.writeBytes(src, base + copied, len - copied);
    }
    return out;
  }

  /** Makes sure {@code out} exists and holds the input up to {@code upTo}. */
  private static ByteBuf edit(ByteBuf out, ByteBuf src, int base, int copied, int upTo, int len,
      ByteBufAllocator alloc) {
    if (out == null) {
      out = alloc.buffer(len + (len >>> 4) + 16);
    }
    if (upTo > copied) {
      out.writeBytes(src, base + copied, upTo - copied);
    }
    return out;
  }

  private static ByteBuf constant(String s) {
    return Unpooled.unreleasableBuffer(
        Unpooled.wrappedBuffer(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII))).asReadOnly();
  }
}
