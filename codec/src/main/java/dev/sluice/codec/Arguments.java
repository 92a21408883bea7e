package dev.sluice.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Checks command arguments before they are written. Strings are checked for characters that would
 * encode to a control byte; the encoder checks the encoded bytes again (see
 * {@link SmtpCommandEncoder}), so that no conversion — ours or a caller's — can smuggle a CR or LF
 * onto the wire (the CVE-2025-7962 shape, where U+010D/U+010A were truncated to 0x0D/0x0A).
 */
public final class Arguments {

  /** RFC 5321 4.5.3.1.3: a path is at most 256 octets including the angle brackets. */
  public static final int MAX_PATH_LENGTH = 254;

  /** Stops at the first byte that must never appear in a command line. */
  static final ByteProcessor FIND_FORBIDDEN_BYTE = b -> !(b >= 0 && b < 0x20 || b == 0x7f);

  private Arguments() {}

  /** Refuses C0 controls, DEL, C1 controls and Unicode line/paragraph separators. */
  public static void checkNoControls(String field, CharSequence value) {
    if (value == null) {
      throw new InvalidArgumentException(field, "is missing", null);
    }
    for (int i = 0; i < value.length(); i++) {
      if (isForbidden(value.charAt(i))) {
        throw new InvalidArgumentException(field,
            "contains a control character (CR, LF, NUL, other controls and DEL are refused) at index " + i,
            value);
      }
    }
  }

  /** Like {@link #checkNoControls} for a secret: the error names the field, never the value. */
  public static void checkSecret(String field, CharSequence value) {
    if (value == null) {
      throw new InvalidArgumentException(field, "is missing", null);
    }
    for (int i = 0; i < value.length(); i++) {
      if (isForbidden(value.charAt(i))) {
        throw new InvalidArgumentException(field,
            "contains a control character (CR, LF, NUL, other controls and DEL are refused) at index " + i, null);
      }
    }
  }

  /**
   * A mailbox for MAIL FROM / RCPT TO: no controls, no angle brackets, no spaces outside a quoted
   * local part, an {@code @} with a domain after it, at most {@value #MAX_PATH_LENGTH} characters.
   * The empty reverse path ({@code MAIL FROM:<>}) is allowed when {@code allowEmpty}; RCPT TO's
   * special {@code Postmaster} (RFC 5321 4.1.1.3) is allowed without a domain.
   */
  public static void checkMailbox(String field, String address, boolean allowEmpty) {
    checkNoControls(field, address);
    if (address.isEmpty()) {
      if (allowEmpty) {
        return;
      }
      throw new InvalidArgumentException(field, "is empty", address);
    }
    if (address.length() > MAX_PATH_LENGTH) {
      throw new InvalidArgumentException(field, "is longer than " + MAX_PATH_LENGTH + " characters", address);
    }
    int at = localPartEnd(field, address);
    if (at < 0) {
      if (!allowEmpty && address.equalsIgnoreCase("postmaster")) {
        return;
      }
      throw new InvalidArgumentException(field, "is not an address of the form local@domain", address);
    }
    String domain = address.substring(at + 1);
    if (domain.isEmpty() || at == 0) {
      throw new InvalidArgumentException(field, "is not an address of the form local@domain", address);
    }
    for (int i = 0; i < domain.length(); i++) {
      char c = domain.charAt(i);
      if (c == ' ' || c == '<' || c == '>' || c == '@' || c == '"' || c == '\\' || c == ',') {
        throw new InvalidArgumentException(field, "has a character not allowed in a domain (" + c + ")", address);
      }
    }
  }

  /** The index of the {@code @} after the local part, or -1; refuses bad local-part characters. */
  private static int localPartEnd(String field, String address) {
    if (address.charAt(0) == '"') {
      for (int i = 1; i < address.length(); i++) {
        char c = address.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          return i + 1 < address.length() && address.charAt(i + 1) == '@' ? i + 1 : -1;
        }
      }
      throw new InvalidArgumentException(field, "has an unterminated quoted local part", address);
    }
    int at = address.lastIndexOf('@');
    int end = at < 0 ? address.length() : at;
    for (int i = 0; i < end; i++) {
      char c = address.charAt(i);
      if (c == ' ' || c == '<' || c == '>' || c == '"' || c == '\\' || c == ',' || c == '(' || c == ')') {
        throw new InvalidArgumentException(field,
            "has a character not allowed in an unquoted local part (" + c + ")", address);
      }
    }
    return at;
  }

  /**
   * A domain or address literal for EHLO/HELO: ASCII letters, digits, '-', '.', or an address
   * literal in brackets ({@code [192.0.2.1]}, {@code [IPv6:...]}).
   */
  public static void checkDomain(String field, String domain) {
    checkNoControls(field, domain);
    if (domain.isEmpty() || domain.length() > 255) {
      throw new InvalidArgumentException(field, "must be 1-255 characters", domain);
    }
    boolean literal = domain.startsWith("[") && domain.endsWith("]") && domain.length() > 2;
    for (int i = literal ? 1 : 0; i < domain.length() - (literal ? 1 : 0); i++) {
      char c = domain.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
          || c == '.' || (literal && (c == ':'));
      if (!ok) {
        throw new InvalidArgumentException(field,
            "must be an ASCII domain name or address literal (found '" + c + "')", domain);
      }
    }
  }

  /** A SASL mechanism name (RFC 4422 3.1): 1-20 of A-Z, 0-9, '-' and '_'. */
  public static void checkMechanism(String mechanism) {
    checkNoControls("auth-mechanism", mechanism);
    boolean ok = !mechanism.isEmpty() && mechanism.length() <= 20;
    for (int i = 0; ok && i < mechanism.length(); i++) {
      char c = mechanism.charAt(i);
      ok = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }
    if (!ok) {
      throw new InvalidArgumentException("auth-mechanism", "must be 1-20 of A-Z, 0-9, '-', '_'", mechanism);
    }
  }

  /** A base64 SASL payload, {@code "="} (empty initial response) or {@code "*"} (cancel). */
  public static void checkSaslPayload(CharSequence payload) {
    checkNoControls("auth-response", payload);
    if (payload.length() == 1 && (payload.charAt(0) == '=' || payload.charAt(0) == '*')) {
      return;
    }
    for (int i = 0; i < payload.length(); i++) {
      char c = payload.charAt(i);
      boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+'
          || c == '/' || c == '=';
      if (!ok) {
        throw new InvalidArgumentException("auth-response", "is not base64", "(redacted)");
      }
    }
  }

  /**
   * Checks encoded bytes {@code [from, to)} of {@code buf}; returns the index of the first forbidden
   * byte, or -1.
   */
  static int findForbiddenByte(ByteBuf buf, int from, int to) {
    return to <= from ? -1 : buf.forEachByte(from, to - from, FIND_FORBIDDEN_BYTE);
  }

  static boolean isForbidden(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}
