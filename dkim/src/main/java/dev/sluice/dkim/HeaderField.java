package dev.sluice.dkim;

import java.nio.charset.StandardCharsets;

/**
 * One header field as it is on the wire: {@code raw[off, off + length)} is the name, the colon, the
 * value with any folding, and the final CRLF.
 *
 * @param name the field name as written (compared without case)
 */
record HeaderField(String name, byte[] raw, int off, int length) {

  boolean is(String other) {
    return name.equalsIgnoreCase(other);
  }

  /** The value, unfolded, without the final CRLF, as UTF-8 (for the From domain only). */
  String value() {
    int start = off + name.length();
    while (raw[start] != ':') {
      start++;
    }
    start++;
    int end = off + length - 2;
    StringBuilder sb = new StringBuilder();
    String s = new String(raw, start, end - start, StandardCharsets.UTF_8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\r' && c != '\n') {
        sb.append(c);
      }
    }
    return sb.toString().strip();
  }
}
