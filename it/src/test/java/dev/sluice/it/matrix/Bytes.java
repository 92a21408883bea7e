package dev.sluice.it.matrix;

import dev.sluice.testkit.Vectors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Byte comparisons that stay readable when a 10 MiB message differs in one place. */
final class Bytes {

  private static final int WINDOW = 48;

  private Bytes() {}

  /** Fails with the length of both and the first difference in context, escaped. */
  static void assertSameBytes(String what, byte[] actual, byte[] expected) {
    int n = Math.min(actual.length, expected.length);
    int diff = -1;
    for (int i = 0; i < n; i++) {
      if (actual[i] != expected[i]) {
        diff = i;
        break;
      }
    }
    if (diff < 0 && actual.length == expected.length) {
      return;
    }
    int at = diff < 0 ? n : diff;
    throw new AssertionError(what + ": " + actual.length + " bytes stored, " + expected.length + " expected, first"
        + " difference at offset " + at + " (sha256 " + sha256(actual) + " vs " + sha256(expected) + ")\n"
        + "  stored:   \"" + window(actual, at) + "\"\n"
        + "  expected: \"" + window(expected, at) + "\"");
  }

  private static String window(byte[] b, int at) {
    int from = Math.max(0, at - WINDOW);
    int to = Math.min(b.length, at + WINDOW);
    return (from > 0 ? "…" : "") + Vectors.escape(new String(b, from, to - from, StandardCharsets.ISO_8859_1))
        + (to < b.length ? "…" : "");
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
