package dev.sluice.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A server reply (RFC 5321 4.2): a three-digit code and one or more lines of text, with its RFC 3463
 * enhanced status code when the first line carries one whose class matches the reply's.
 *
 * <p>Not a record on purpose: the text is kept as the bytes that came off the wire (decoded as
 * UTF-8 only when asked for) and the enhanced status as a packed int, so that decoding a one-line
 * reply allocates this object and one small array, nothing else. Replies are immutable and
 * compare by value.
 */
public final class SmtpReply {

  private final int code;
  private final int enhanced;
  private final byte[] text;
  /** End offset (exclusive) in {@link #text} of every line; null for a one-line reply. */
  private final int[] lineEnds;

  SmtpReply(int code, int enhanced, byte[] text, int[] lineEnds) {
    this.code = code;
    this.enhanced = enhanced;
    this.text = text;
    this.lineEnds = lineEnds;
  }

  /**
   * Builds a reply, e.g. {@code SmtpReply.of(250, "2.0.0 OK")}. Lines must not contain CR or LF;
   * no lines means one empty line.
   *
   * @throws IllegalArgumentException for a code outside 200–559 or a line with CR/LF
   */
  public static SmtpReply of(int code, String... lines) {
    return of(code, Arrays.asList(lines));
  }

  /** Builds a reply from a list of lines; see {@link #of(int, String...)}. */
  public static SmtpReply of(int code, List<String> lines) {
    if (!isValidCode(code)) {
      throw new IllegalArgumentException("reply code must be 2xx-5xx with a second digit 0-5: " + code);
    }
    List<String> effective = lines.isEmpty() ? List.of("") : lines;
    byte[][] encoded = new byte[effective.size()][];
    int total = 0;
    for (int i = 0; i < encoded.length; i++) {
      String line = effective.get(i);
      if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("reply line contains CR or LF: " + SmtpText.escape(line));
      }
      encoded[i] = line.getBytes(StandardCharsets.UTF_8);
      total += encoded[i].length;
    }
    byte[] text = new byte[total];
    int[] ends = encoded.length == 1 ? null : new int[encoded.length];
    int pos = 0;
    for (int i = 0; i < encoded.length; i++) {
      System.arraycopy(encoded[i], 0, text, pos, encoded[i].length);
      pos += encoded[i].length;
      if (ends != null) {
        ends[i] = pos;
      }
    }
    int enhanced = EnhancedStatus.parsePacked(encoded[0], 0, encoded[0].length);
    if (enhanced >= 0 && enhanced / 1_000_000 != code / 100) {
      enhanced = -1;
    }
    return new SmtpReply(code, enhanced, text, ends);
  }

  static boolean isValidCode(int code) {
    int first = code / 100;
    int second = code / 10 % 10;
    return code >= 200 && code <= 599 && first >= 2 && first <= 5 && second <= 5;
  }

  /** The three-digit reply code. */
  public int code() {
    return code;
  }

  /** The first digit: 2 positive completion, 3 intermediate, 4 transient, 5 permanent. */
  public int codeClass() {
    return code / 100;
  }

  public boolean isPositive() {
    return code < 300;
  }

  public boolean isIntermediate() {
    return code >= 300 && code < 400;
  }

  public boolean isTransientFailure() {
    return code >= 400 && code < 500;
  }

  public boolean isPermanentFailure() {
    return code >= 500;
  }

  /** The RFC 3463 status from the first line, or null when absent or of another class. */
  public EnhancedStatus enhancedStatus() {
    return enhanced < 0 ? null : EnhancedStatus.unpack(enhanced);
  }

  /** True when the reply carries exactly this enhanced status, e.g. {@code hasStatus(5, 7, 139)}. */
  public boolean hasStatus(int codeClass, int subject, int detail) {
    return enhanced == EnhancedStatus.pack(codeClass, subject, detail);
  }

  public int lineCount() {
    return lineEnds == null ? 1 : lineEnds.length;
  }

  /** The text of line {@code i} (after the code and separator), decoded as UTF-8. */
  public String line(int i) {
    int start = lineStart(i);
    return new String(text, start, lineEnd(i) - start, StandardCharsets.UTF_8);
  }

  public List<String> lines() {
    if (lineEnds == null) {
      return List.of(line(0));
    }
    List<String> lines = new ArrayList<>(lineEnds.length);
    for (int i = 0; i < lineEnds.length; i++) {
      lines.add(line(i));
    }
    return Collections.unmodifiableList(lines);
  }

  /** All lines joined with {@code '\n'}. */
  public String text() {
    return String.join("\n", lines());
  }

  int lineStart(int i) {
    return i == 0 ? 0 : lineEnds[i - 1];
  }

  int lineEnd(int i) {
    if (lineEnds == null) {
      if (i != 0) {
        throw new IndexOutOfBoundsException("line " + i + " of a one-line reply");
      }
      return text.length;
    }
    return lineEnds[i];
  }

  byte[] textBytes() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SmtpReply r && r.code == code && Arrays.equals(r.text, text)
        && Arrays.equals(r.lineEnds, lineEnds);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * code + Arrays.hashCode(text)) + Arrays.hashCode(lineEnds);
  }

  /** {@code "550 5.7.1 Relaying denied"}; lines joined with " | ", control characters escaped. */
  @Override
  public String toString() {
    return code + (text.length == 0 && lineEnds == null ? "" : " " + SmtpText.escape(String.join(" | ", lines())));
  }
}
