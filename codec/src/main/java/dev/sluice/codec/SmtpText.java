package dev.sluice.codec;

import io.netty.buffer.ByteBuf;

/**
 * Renders untrusted bytes and strings for humans: control characters, DEL and non-ASCII bytes
 * become escapes, so that nothing a peer sent can forge log lines or terminal output.
 */
public final class SmtpText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private SmtpText() {}

  /** Escapes {@code length} bytes of {@code buf} from {@code index}, keeping at most {@code max}. */
  public static String escape(ByteBuf buf, int index, int length, int max) {
    int n = Math.min(length, max);
    StringBuilder b = new StringBuilder(n + 16);
    for (int i = 0; i < n; i++) {
      appendByte(b, buf.getByte(index + i) & 0xff);
    }
    if (length > max) {
      b.append("…(").append(length - max).append(" more bytes)");
    }
    return b.toString();
  }

  /** Escapes a whole byte array. */
  public static String escape(byte[] bytes) {
    StringBuilder b = new StringBuilder(bytes.length + 16);
    for (byte value : bytes) {
      appendByte(b, value & 0xff);
    }
    return b.toString();
  }

  /** Escapes control characters (C0, DEL, C1) in a string; other characters are kept. */
  public static String escape(CharSequence s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
      if (control && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (control) {
          appendControl(b, c);
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s.toString() : b.toString();
  }

  private static void appendByte(StringBuilder b, int v) {
    if (v >= 0x20 && v < 0x7f) {
      b.append(v == '\\' ? "\\\\" : String.valueOf((char) v));
    } else {
      appendControl(b, v);
    }
  }

  private static void appendControl(StringBuilder b, int v) {
    switch (v) {
      case '\r' -> b.append("\\r");
      case '\n' -> b.append("\\n");
      case '\t' -> b.append("\\t");
      case 0 -> b.append("\\0");
      default -> {
        if (v <= 0xff) {
          b.append("\\x").append(HEX[(v >> 4) & 0xf]).append(HEX[v & 0xf]);
        } else {
          b.append("\\u").append(HEX[(v >> 12) & 0xf]).append(HEX[(v >> 8) & 0xf])
              .append(HEX[(v >> 4) & 0xf]).append(HEX[v & 0xf]);
        }
      }
    }
  }
}
