package dev.sluice.bench.throughput;

import java.nio.charset.StandardCharsets;

/**
 * The message every throughput benchmark sends, the same bytes for every client: a plain-text mail
 * of exactly {@code size} bytes (headers, blank line, lines of 76 letters), CRLF line ends, no line
 * starting with a dot.
 */
public final class Mail {

  public static final String FROM = "bench@sluice.test";
  public static final String TO = "rcpt@sink.test";

  private Mail() {}

  /** The whole message, headers included. */
  public static byte[] message(int size) {
    String head = "From: " + FROM + "\r\nTo: " + TO + "\r\nSubject: throughput\r\n"
        + "Message-ID: <bench@sluice.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=US-ASCII\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] m = new byte[Math.max(size, h.length + 2)];
    System.arraycopy(h, 0, m, 0, h.length);
    fill(m, h.length);
    return m;
  }

  /** A body alone (for clients that build the headers themselves) of {@code size} bytes. */
  public static String body(int size) {
    byte[] b = new byte[Math.max(2, size)];
    fill(b, 0);
    return new String(b, StandardCharsets.US_ASCII);
  }

  /** Lines of 76 (at most 77) letters and CRLF from {@code from} to the end, which is a CRLF. */
  private static void fill(byte[] b, int from) {
    int col = 0;
    for (int i = from; i < b.length; i++) {
      if (i >= b.length - 2) {
        b[b.length - 2] = '\r';
        b[b.length - 1] = '\n';
        return;
      }
      if (col == 76 && i < b.length - 3) {
        b[i] = '\r';
        b[++i] = '\n';
        col = 0;
      } else {
        b[i] = (byte) ('a' + col % 26);
        col++;
      }
    }
  }
}
