package dev.sluice.client;

import dev.sluice.codec.Arguments;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A plain-text message with the headers a mail needs (RFC 5322): From, To, Subject, Date,
 * Message-ID, MIME-Version, Content-Type and Content-Transfer-Encoding. ASCII text with short lines
 * goes as 7bit; anything else as quoted-printable, so the message is 7-bit clean and needs no
 * 8BITMIME. A non-ASCII subject becomes an RFC 2047 encoded word. CR or LF in a header value is
 * refused (header injection).
 *
 * @param from the From address
 * @param to the To addresses
 * @param subject the subject (may be empty)
 * @param body the text; line endings are normalised to CRLF
 * @param messageId the Message-ID without angle brackets, or null to generate one
 */
public record TextMessage(String from, List<String> to, String subject, String body, String messageId) {

  private static final int MAX_LINE = 998;

  public TextMessage {
    Arguments.checkNoControls("from", from);
    to = List.copyOf(to);
    for (String t : to) {
      Arguments.checkNoControls("to", t);
    }
    Arguments.checkNoControls("subject", subject);
    if (messageId == null) {
      String domain = from.contains("@") ? from.substring(from.lastIndexOf('@') + 1) : "sluice.invalid";
      messageId = UUID.randomUUID() + "@" + domain;
    }
    Arguments.checkNoControls("message-id", messageId);
  }

  public static TextMessage of(String from, List<String> to, String subject, String body) {
    return new TextMessage(from, to, subject, body, null);
  }

  /** The complete message, headers and body, with CRLF line endings. */
  public byte[] render() {
    String normalised = body.replace("\r\n", "\n").replace('\r', '\n');
    boolean simple = normalised.chars().allMatch(c -> c < 0x80 && c != 0)
        && normalised.lines().allMatch(l -> l.length() <= MAX_LINE);
    StringBuilder h = new StringBuilder(256);
    h.append("From: ").append(from).append("\r\n");
    h.append("To: ").append(String.join(", ", to)).append("\r\n");
    h.append("Subject: ").append(encodeHeader(subject)).append("\r\n");
    h.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append("\r\n");
    h.append("Message-ID: <").append(messageId).append(">\r\n");
    h.append("MIME-Version: 1.0\r\n");
    h.append("Content-Type: text/plain; charset=UTF-8\r\n");
    h.append("Content-Transfer-Encoding: ").append(simple ? "7bit" : "quoted-printable").append("\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream(h.length() + body.length() + 64);
    out.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
    String text = normalised.replace("\n", "\r\n");
    if (!text.isEmpty() && !text.endsWith("\r\n")) {
      text += "\r\n";
    }
    out.writeBytes(simple ? text.getBytes(StandardCharsets.US_ASCII) : quotedPrintable(text));
    return out.toByteArray();
  }

  /** The value as is when ASCII, else RFC 2047 B-encoded words of at most 75 characters. */
  static String encodeHeader(String value) {
    if (value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return value;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      // 45 UTF-8 bytes encode to 60 base64 characters: with "=?UTF-8?B?" and "?=" that is 72.
      int end = i;
      int bytes = 0;
      while (end < value.length()) {
        int cp = value.codePointAt(end);
        int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
        if (bytes + n > 45) {
          break;
        }
        bytes += n;
        end += Character.charCount(cp);
      }
      if (out.length() > 0) {
        out.append("\r\n ");
      }
      out.append("=?UTF-8?B?")
          .append(Base64.getEncoder().encodeToString(value.substring(i, end).getBytes(StandardCharsets.UTF_8)))
          .append("?=");
      i = end;
    }
    return out.toString();
  }

  /** RFC 2045 6.7 quoted-printable of CRLF text, lines of at most 76 characters. */
  static byte[] quotedPrintable(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 3 / 2);
    for (String line : text.split("\r\n", -1)) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      int column = 0;
      for (int i = 0; i < bytes.length; i++) {
        int b = bytes[i] & 0xff;
        boolean lastOfLine = i == bytes.length - 1;
        boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !lastOfLine);
        int width = literal ? 1 : 3;
        if (column + width > 75) {
          out.writeBytes("=\r\n".getBytes(StandardCharsets.US_ASCII));
          column = 0;
        }
        if (literal) {
          out.write(b);
        } else {
          out.writeBytes(String.format("=%02X", b).getBytes(StandardCharsets.US_ASCII));
        }
        column += width;
      }
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    byte[] all = out.toByteArray();
    // split() produced one line too many for text ending in CRLF: drop the extra CRLF.
    return text.endsWith("\r\n") ? java.util.Arrays.copyOf(all, all.length - 2) : all;
  }
}
