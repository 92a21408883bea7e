package dev.sluice.it.matrix;

import dev.sluice.client.MessageContent;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * The messages of the matrix, each already in SMTP's normal form (CRLF line endings, ending with
 * CRLF), so what we mean to send is exactly these bytes. Every line is far below the 998-octet
 * limit and Postfix's 2048-byte line_length_limit.
 */
final class Payloads {

  static final int TEN_MIB = 10 * 1024 * 1024;
  private static byte[] tenMib;

  private Payloads() {}

  private static String headers(String tag, String subject) {
    return "From: Sluice <user@example.test>\r\nTo: <" + tag + "@example.test>\r\nSubject: " + subject + "\r\n"
        + "Message-ID: <" + tag + "@client.example.test>\r\nMIME-Version: 1.0\r\n";
  }

  /** Exactly 1,024 bytes, with a line that needs dot-stuffing. */
  static byte[] oneKib(String tag) {
    StringBuilder b = new StringBuilder(headers(tag, "1 KiB"))
        .append("Content-Type: text/plain; charset=us-ascii\r\n\r\n")
        .append(".a line that starts with a dot\r\n");
    int line = 0;
    while (b.length() < 1024 - 80) {
      b.append(String.format("line %03d of a one-kibibyte message, plain ASCII, nothing special\r\n", line++));
    }
    String filler = "x".repeat(1024 - b.length() - 2);
    return b.append(filler).append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** UTF-8 in the body (8bit transfer encoding): needs BODY=8BITMIME. */
  static byte[] eightBit(String tag) {
    return (headers(tag, "8bit") + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "Grüße aus Köln — ½ € ✓ 日本語のテキスト\r\n.Ünïcödé after a dot\r\n\u00ff\u00fe\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** UTF-8 in a header, for an SMTPUTF8 transaction (RFC 6532). */
  static byte[] utf8Headers(String tag, String from, String to) {
    return ("From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: Grüße, 你好\r\nMessage-ID: <" + tag
        + "@client.example.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n\r\nInternationalised: jörg → usér\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** A small message for the many-recipient case. */
  static byte[] small(String tag) {
    return (headers(tag, "many recipients") + "\r\nOne message, fifty recipients.\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** 10 MiB of numbered 76-character lines (with a dot-stuffed one every 1000 lines). */
  static synchronized byte[] tenMib() {
    if (tenMib == null) {
      byte[] b = new byte[TEN_MIB];
      byte[] head = "Subject: 10 MiB\r\nMIME-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(head, 0, b, 0, head.length);
      int pos = head.length;
      int line = 0;
      while (pos < TEN_MIB) {
        String text = String.format("%s%09d ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789",
            line % 1000 == 0 ? "." : "L", line);
        byte[] l = (text.substring(0, Math.min(76, text.length())) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(l.length, TEN_MIB - pos);
        System.arraycopy(l, 0, b, pos, n);
        pos += n;
        line++;
      }
      // the last line must end with CRLF
      b[TEN_MIB - 2] = '\r';
      b[TEN_MIB - 1] = '\n';
      tenMib = b;
    }
    return tenMib;
  }

  /** Streams the bytes (read on the client's blocking-I/O threads, written in chunks). */
  static MessageContent streamed(byte[] bytes) {
    return MessageContent.ofStream(() -> new ByteArrayInputStream(bytes));
  }

  /** Streams the chunks one after the other (each read returns at most the rest of one chunk). */
  static MessageContent chunks(List<byte[]> chunks) {
    return MessageContent.ofStream(() -> new InputStream() {
      private final Iterator<byte[]> next = chunks.iterator();
      private byte[] current = new byte[0];
      private int pos;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        while (pos == current.length) {
          if (!next.hasNext()) {
            return -1;
          }
          current = next.next();
          pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
      }
    });
  }
}
