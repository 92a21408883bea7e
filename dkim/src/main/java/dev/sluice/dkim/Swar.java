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

  /** Whether the word has a CR or an LF. */
  static boolean hasLineEnd(long w) {
    return (zeros(w ^ CRS) | zeros(w ^ LFS)) != 0;
  }

  /**
   * Whether relaxed canonicalisation leaves the word as it is, in the middle of a line after
   * content: no CR, LF or tab, no two spaces in a row, and no space as the last byte (it may start
   * a run that the next word continues).
   */
  static boolean relaxedClean(long w) {
    long sp = zeros(w ^ SPS);
    return (zeros(w ^ CRS) | zeros(w ^ LFS) | zeros(w ^ TABS) | (sp & (sp >>> 8)) | (sp & TOP)) == 0;
  }
}
