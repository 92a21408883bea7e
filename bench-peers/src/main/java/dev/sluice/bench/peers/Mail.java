package dev.sluice.bench.peers;

import java.nio.charset.StandardCharsets;

/**
 * The message of the throughput benchmarks, byte for byte the same as {@code bench}'s
 * {@code dev.sluice.bench.throughput.Mail} (kept in step by hand: this module cannot depend on
 * {@code bench}, which carries Netty 4.2): exactly {@code size} bytes, headers, blank line, lines of
 * 76 letters, CRLF line ends.
 */
public final class Mail {

  public static final String FROM = "bench@sluice.test";
  public static final String TO = "rcpt@sink.test";
  static final String HEAD = "From: " + FROM + "\r\nTo: " + TO + "\r\nSubject: throughput\r\n"
      + "Message-ID: <bench@sluice.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=US-ASCII\r\n\r\n";

  private Mail() {}

  /** The whole message, headers included. */
  public static byte[] message(int size) {
    byte[] h = HEAD.getBytes(StandardCharsets.US_ASCII);
    byte[] m = new byte[Math.max(size, h.length + 2)];
    System.arraycopy(h, 0, m, 0, h.length);
    fill(m, h.length);
    return m;
  }

  /** The body of {@link #message} alone, for clients that write the headers themselves. */
  public static String body(int size) {
    byte[] b = new byte[Math.max(2, size - HEAD.length())];
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
