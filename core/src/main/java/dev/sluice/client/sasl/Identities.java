package dev.sluice.client.sasl;

import dev.sluice.codec.Arguments;
import java.nio.charset.StandardCharsets;

/** Checks and encodes user names and secrets for SASL messages. */
final class Identities {

  private Identities() {}

  /**
   * UTF-8 bytes of a user name or secret, refusing controls: in PLAIN a NUL would split the
   * message (authorising as someone else), elsewhere CR/LF/^A would corrupt it.
   */
  static byte[] utf8(String field, String value) {
    if (field.contains("password") || field.contains("token")) {
      Arguments.checkSecret(field, value);
    } else {
      Arguments.checkNoControls(field, value);
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }
}
