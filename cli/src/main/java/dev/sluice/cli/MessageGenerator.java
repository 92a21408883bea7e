package dev.sluice.cli;

import dev.sluice.client.MessageContent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Makes the messages of a blast: each with its own Message-ID (so a receiver can account for every
 * one), the rest shared, padded to the requested size. Each message is built into one pooled
 * buffer when it is submitted, so a million messages never sit in memory at once.
 */
final class MessageGenerator implements MessageSource {

  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  private final String from;
  private final String domain;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final byte[] headPrefix;
  private final byte[] body;

  MessageGenerator(String from, String to, int size) {
    this.from = from;
    this.domain = from.substring(from.indexOf('@') + 1);
    this.headPrefix = ("From: " + from + "\r\nTo: " + to + "\r\nSubject: sluice blast\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=US-ASCII\r\n").getBytes(StandardCharsets.US_ASCII);
    int fixed = headPrefix.length + messageId(0).length() + "Message-ID: <>\r\n\r\n".length();
    this.body = body(Math.max(0, size - fixed));
  }

  /** The Message-ID (without brackets) of message {@code n}. */
  String messageId(long n) {
    String digits = Long.toString(n);
    return "blast-" + run + "-" + "000000000".substring(Math.min(9, digits.length())) + digits + "@" + domain;
  }

  @Override
  public MessageContent message(long n) {
    byte[] id = ("Message-ID: <" + messageId(n) + ">\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuf buf = ALLOC.directBuffer(headPrefix.length + id.length + body.length);
    buf.writeBytes(headPrefix).writeBytes(id).writeBytes(body);
    return MessageContent.of(buf);
  }

  /** Lines of 76 letters and CRLF, ending in CRLF, exactly {@code size} bytes (at least 2). */
  private static byte[] body(int size) {
    byte[] b = new byte[Math.max(2, size)];
    int col = 0;
    for (int i = 0; i < b.length; i++) {
      if (col == 76 || i >= b.length - 2) {
        if (i + 1 < b.length) {
          b[i] = '\r';
          b[i + 1] = '\n';
          i++;
        } else {
          b[i] = 'x';
        }
        col = 0;
      } else {
        b[i] = (byte) ('a' + (i % 26));
        col++;
      }
    }
    return b;
  }
}
