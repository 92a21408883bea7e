package dev.sluice.codec;

/**
 * An RFC 3463 enhanced mail system status code, {@code class.subject.detail} (e.g. {@code 5.7.139}).
 *
 * @param codeClass 2 (success), 4 (persistent transient failure) or 5 (permanent failure)
 * @param subject 0–999
 * @param detail 0–999
 */
public record EnhancedStatus(int codeClass, int subject, int detail) {

  public EnhancedStatus {
    if (codeClass != 2 && codeClass != 4 && codeClass != 5) {
      throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5: " + codeClass);
    }
    if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
      throw new IllegalArgumentException(
          "enhanced status subject and detail must be 0-999: " + subject + "." + detail);
    }
  }

  /** Parses {@code "5.7.139"}; returns null when the text is not exactly an enhanced status code. */
  public static EnhancedStatus parse(CharSequence text) {
    byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    int packed = parsePacked(bytes, 0, bytes.length);
    boolean whole = text.toString().indexOf(' ') < 0;
    return packed < 0 || !whole ? null : unpack(packed);
  }

  /** True when this status is the given code, e.g. {@code is(5, 7, 139)}. */
  public boolean is(int codeClass, int subject, int detail) {
    return this.codeClass == codeClass && this.subject == subject && this.detail == detail;
  }

  @Override
  public String toString() {
    return codeClass + "." + subject + "." + detail;
  }

  // Packed form: class * 1_000_000 + subject * 1_000 + detail, or -1. It lets a decoded reply carry
  // its enhanced status in an int instead of an object (see SmtpReply).

  static EnhancedStatus unpack(int packed) {
    return new EnhancedStatus(packed / 1_000_000, packed / 1_000 % 1_000, packed % 1_000);
  }

  static int pack(int codeClass, int subject, int detail) {
    return codeClass * 1_000_000 + subject * 1_000 + detail;
  }

  /**
   * Parses an enhanced status at the start of {@code text[from, to)}: it must be followed by a space
   * or the end of the range. Returns the packed form or -1.
   */
  static int parsePacked(byte[] text, int from, int to) {
    int i = from;
    if (to - i < 5) {
      return -1;
    }
    int cls = text[i] - '0';
    if ((cls != 2 && cls != 4 && cls != 5) || text[i + 1] != '.') {
      return -1;
    }
    i += 2;
    int subject = 0;
    int digits = 0;
    while (i < to && digits < 4 && isDigit(text[i])) {
      subject = subject * 10 + text[i++] - '0';
      digits++;
    }
    if (digits == 0 || digits > 3 || i >= to || text[i] != '.') {
      return -1;
    }
    i++;
    int detail = 0;
    digits = 0;
    while (i < to && digits < 4 && isDigit(text[i])) {
      detail = detail * 10 + text[i++] - '0';
      digits++;
    }
    if (digits == 0 || digits > 3 || (i < to && text[i] != ' ')) {
      return -1;
    }
    return pack(cls, subject, detail);
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }
}
