package dev.sluice.dkim;

import java.nio.charset.StandardCharsets;

/**
 * One header field as it is on the wire: {@code raw[off, off + length)} is the name, the colon, the
 * value with any folding, and the final CRLF. The name is compared in place (no String per field:
 * a signed 1 KiB message should cost little more than its signature).
 *
 * @param nameLength the length of the name as written
 */
record HeaderField(byte[] raw, int off, int length, int nameLength) {

  /** Whether the name is {@code name}, ignoring ASCII case (names are ASCII, RFC 5322 §2.2). */
  boolean is(String name) {
    if (name.length() != nameLength) {
      return false;
    }
    for (int i = 0; i < nameLength; i++) {
      int a = raw[off + i];
      int b = name.charAt(i);
      if (a != b && (a | 0x20) != (b | 0x20)) {
        return false;
      }
    }
    return true;
  }

  String name() {
    return new String(raw, off, nameLength, StandardCharsets.US_ASCII);
  }

  /** The value, unfolded, without the final CRLF, as UTF-8 (for the From domain only). */
  String value() {
    int start = off + nameLength;
    while (raw[start] != ':') {
      start++;
    }
    start++;
    int end = off + length - 2;
    StringBuilder sb = new StringBuilder(end - start);
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
