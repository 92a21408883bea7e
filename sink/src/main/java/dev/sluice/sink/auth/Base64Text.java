package dev.sluice.sink.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Base64 as SASL uses it in SMTP (RFC 4954 4): {@code "="} is the empty string. */
final class Base64Text {

  private Base64Text() {}

  /** The decoded UTF-8 text, or null when {@code text} is not base64. */
  static String decode(String text) {
    if (text.equals("=")) {
      return "";
    }
    try {
      return new String(Base64.getDecoder().decode(text.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
