package dev.sluice.dkim;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time: ordinary text has a line end every ~78 bytes and no tab or double space,
 * so the writers skip whole words that hold nothing they would change and look at single bytes
 * only around line ends and white space runs (the same trick as the codec's data encoder).
 */
final class Swar {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH = 0x8080808080808080L;
  static final long CRS = 0x0D0D0D0D0D0D0D0DL;
  static final long LFS = 0x0A0A0A0A0A0A0A0AL;
  static final long SPS = 0x2020202020202020L;
  static final long TABS = 0x0909090909090909L;
  static final long TOP = 0x8000000000000000L;

  private Swar() {}

  static long word(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /** 0x80 in every byte of {@code x} that is zero, 0 elsewhere (exact: no borrow across bytes). */
  static long zeros(long x) {
    return ~(((x & LOW7) + LOW7) | x | LOW7);
  }

  /**
   * 0x80 in every byte of {@code x} that is zero, and maybe in a byte 0x01 right above one (a
   * borrow): a superset of {@link #zeros}, in three operations instead of four. For tests where
   * stopping too often is harmless (the byte path then decides), never for an equality.
   */
  static long maybeZeros(long x) {
    return (x - ONES) & ~x & HIGH;
  }

  /** Whether the word has a CR or an LF. */
  static boolean hasLineEnd(long w) {
    return (zeros(w ^ CRS) | zeros(w ^ LFS)) != 0;
  }

  /**
   * Whether bytes {@code i..i+7} hold line ends in CRLF pairs only: every CR among them is followed
   * by an LF and every LF among {@code i+1..i+8} follows a CR. {@code w} is the word at {@code i},
   * {@code w1} the word at {@code i+1}: the CRs of one and the LFs of the other line up exactly
   * when every line end is a pair. Needs nine readable bytes. Ordinary text has a line end every
   * ~78 bytes; this passes over them without stopping.
   */
  static boolean crlfOnly(long w, long w1) {
    return zeros(w ^ CRS) == zeros(w1 ^ LFS);
  }

  /**
   * Whether bytes {@code i..i+7} (word {@code w}, and {@code w1} at {@code i+1}) are a stretch that
   * relaxed body canonicalisation leaves as it is, line ends included: CRLF pairs only, no tab
   * (nor one right after), no two spaces in a row, no space before a CR (trailing white space), and
   * no LF followed by a CR (an empty line, which may be at the end of the body).
   */
  static boolean relaxedCleanAcrossLines(long w, long w1) {
    long sp = maybeZeros(w ^ SPS);
    long cr1 = maybeZeros(w1 ^ CRS);
    return (maybeZeros(w ^ TABS) | maybeZeros(w1 ^ TABS) | (sp & maybeZeros(w1 ^ SPS))
        | ((sp | maybeZeros(w ^ LFS)) & cr1)) == 0
        && zeros(w ^ CRS) == zeros(w1 ^ LFS);
  }

  /** Whether an LF among bytes {@code i..i+7} (word {@code w}) is followed by a CR ({@code w1} at {@code i+1}): an empty line starts. */
  static boolean emptyLineStarts(long w, long w1) {
    return (maybeZeros(w ^ LFS) & maybeZeros(w1 ^ CRS)) != 0;
  }
}
