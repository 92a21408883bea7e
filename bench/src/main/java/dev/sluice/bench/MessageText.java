package dev.sluice.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Message bodies for the data benchmarks: English-looking ASCII lines of 20–78 characters (the
 * length mail clients wrap at), random but made from a given seed so that every run encodes the
 * same bytes.
 */
public enum MessageText {

  /** CRLF line ends, no line starts with a dot: the wire form already, passed through unchanged. */
  CRLF("\r\n", false),
  /** CRLF line ends and every line starts with a dot: each line gets a dot inserted. */
  DOTS("\r\n", true),
  /** LF-only line ends (a Unix file): each line gets a CR inserted. */
  LF("\n", false);

  private static final String[] WORDS = {
    "the", "message", "delivery", "of", "mail", "server", "queue", "a", "to", "and", "is",
    "transfer", "agent", "relay", "with", "recipient", "for", "in", "envelope", "header", "body",
    "SMTP", "transaction", "reply", "code", "status", "on", "line", "data", "sender", "domain",
  };

  private final String lineEnd;
  private final boolean leadingDots;

  MessageText(String lineEnd, boolean leadingDots) {
    this.lineEnd = lineEnd;
    this.leadingDots = leadingDots;
  }

  /**
   * Exactly {@code size} bytes of this kind of text, ending with a line end (the last line is padded
   * or cut to fit); the same seed gives the same text.
   */
  public byte[] generate(int size, long seed) {
    Random random = new Random(seed);
    int room = size - lineEnd.length();
    StringBuilder text = new StringBuilder(size);
    while (text.length() < room) {
      int lineStart = text.length();
      int length = 20 + random.nextInt(59);
      if (room - lineStart - length <= lineEnd.length()) {
        length = room - lineStart; // the last line: no room for another after it
      }
      if (leadingDots) {
        text.append('.');
      }
      while (text.length() - lineStart < length) {
        if (text.length() - lineStart > (leadingDots ? 1 : 0)) {
          text.append(' ');
        }
        text.append(WORDS[random.nextInt(WORDS.length)]);
      }
      text.setLength(lineStart + length);
      if (text.length() < room) {
        text.append(lineEnd);
      }
    }
    text.append(lineEnd);
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
