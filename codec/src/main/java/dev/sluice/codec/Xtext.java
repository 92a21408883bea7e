package dev.sluice.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * xtext (RFC 3461 4): printable ASCII except {@code '+'} and {@code '='} as is, every other octet
 * (of the UTF-8 encoding) as {@code +HH}. Used for ENVID and ORCPT, whose values may hold anything
 * and must never carry a raw control character onto the wire.
 */
public final class Xtext {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Xtext() {}

  public static String encode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder(bytes.length + 8);
    for (byte x : bytes) {
      int v = x & 0xff;
      if (v >= 33 && v <= 126 && v != '+' && v != '=') {
        b.append((char) v);
      } else {
        b.append('+').append(HEX[v >> 4]).append(HEX[v & 0xf]);
      }
    }
    return b.toString();
  }

  /**
   * Decodes xtext back to the original string (UTF-8).
   *
   * @throws IllegalArgumentException for a malformed {@code +HH} or a character xtext never holds
   */
  public static String decode(String xtext) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(xtext.length());
    for (int i = 0; i < xtext.length(); i++) {
      char c = xtext.charAt(i);
      if (c == '+') {
        if (i + 2 >= xtext.length()) {
          throw new IllegalArgumentException("truncated xtext escape at index " + i);
        }
        int hi = Character.digit(xtext.charAt(i + 1), 16);
        int lo = Character.digit(xtext.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("malformed xtext escape at index " + i);
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else if (c >= 33 && c <= 126 && c != '=') {
        out.write(c);
      } else {
        throw new IllegalArgumentException("character not allowed in xtext at index " + i);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * RFC 6533 utf-8-addr-xtext for ORCPT of a non-ASCII address: characters outside printable
   * ASCII, and {@code '+'}, {@code '='} and {@code '\'}, become {@code \x{HEX}}.
   */
  public static String encodeUtf8Address(String address) {
    StringBuilder b = new StringBuilder(address.length() + 16);
    address.codePoints().forEach(cp -> {
      if (cp >= 33 && cp <= 126 && cp != '+' && cp != '=' && cp != '\\') {
        b.append((char) cp);
      } else {
        b.append("\\x{").append(Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT)).append('}');
      }
    });
    return b.toString();
  }
}
