package dev.sluice.sink.junit;

import dev.sluice.sink.StoredMessage;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * A message the sink received: the envelope and exact bytes as stored, and — parsed by Jakarta Mail
 * the first time one of them is asked for — its headers, text, HTML, attachments and inline parts.
 * Parse errors surface as {@link IllegalStateException}s naming the message.
 */
public final class ReceivedMessage {

  private static final Session SESSION = Session.getInstance(new Properties());

  private final StoredMessage stored;
  private MimeMessage mime;
  private List<Leaf> leaves;

  ReceivedMessage(StoredMessage stored) {
    this.stored = stored;
  }

  /** A MIME leaf part, its bytes decoded from the transfer encoding. */
  public record Leaf(String contentType, String fileName, String contentId, String disposition, byte[] content) {

    /** The content as text in the part's charset (UTF-8 when it names none). */
    public String text() {
      try {
        String charset = new jakarta.mail.internet.ContentType(contentType).getParameter("charset");
        return new String(content, charset == null ? "UTF-8" : MimeUtility.javaCharset(charset));
      } catch (MessagingException | IOException e) {
        throw new IllegalStateException("cannot decode the part " + contentType + ": " + e.getMessage(), e);
      }
    }

    boolean isType(String type) {
      return contentType.toLowerCase(Locale.ROOT).startsWith(type);
    }
  }

  /** What the sink stored: envelope, TLS, AUTH user and the exact bytes. */
  public StoredMessage stored() {
    return stored;
  }

  public String envelopeFrom() {
    return stored.from();
  }

  public List<String> envelopeRecipients() {
    return stored.recipientAddresses();
  }

  /** The message parsed by Jakarta Mail (made on first use). */
  public synchronized MimeMessage mime() {
    if (mime == null) {
      try {
        mime = new MimeMessage(SESSION, new ByteArrayInputStream(stored.data()));
      } catch (MessagingException e) {
        throw new IllegalStateException("message " + stored.id() + " cannot be parsed: " + e.getMessage(), e);
      }
    }
    return mime;
  }

  /** The decoded Subject (RFC 2047 words decoded). */
  public String subject() {
    return call(() -> mime().getSubject());
  }

  /** Every value of header {@code name}, unfolded and decoded (RFC 2047); empty when absent. */
  public List<String> header(String name) {
    return call(() -> {
      String[] values = mime().getHeader(name);
      List<String> out = new ArrayList<>();
      if (values != null) {
        for (String v : values) {
          out.add(MimeUtility.decodeText(MimeUtility.unfold(v)));
        }
      }
      return out;
    });
  }

  /** The first text/plain part that is not an attachment, decoded; null when there is none. */
  public String text() {
    return firstBody("text/plain");
  }

  /** The first text/html part that is not an attachment, decoded; null when there is none. */
  public String html() {
    return firstBody("text/html");
  }

  /** Every leaf part, in order. */
  public synchronized List<Leaf> parts() {
    if (leaves == null) {
      List<Leaf> out = new ArrayList<>();
      call(() -> {
        collect(mime(), out);
        return null;
      });
      leaves = List.copyOf(out);
    }
    return leaves;
  }

  /** The parts with a file name or an attachment disposition. */
  public List<Leaf> attachments() {
    return parts().stream().filter(p -> Part.ATTACHMENT.equalsIgnoreCase(p.disposition())
        || (p.fileName() != null && p.contentId() == null)).toList();
  }

  /** The inline part with Content-ID {@code <id>} (e.g. an image an HTML body shows as {@code cid:id}), or null. */
  public Leaf inline(String id) {
    String wanted = "<" + id + ">";
    return parts().stream().filter(p -> wanted.equals(p.contentId())).findFirst().orElse(null);
  }

  private String firstBody(String type) {
    return parts().stream().filter(p -> p.isType(type) && !Part.ATTACHMENT.equalsIgnoreCase(p.disposition()))
        .map(Leaf::text).findFirst().orElse(null);
  }

  private static void collect(Part part, List<Leaf> out) throws MessagingException, IOException {
    Object content = part.getContent();
    if (content instanceof Multipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart child = mp.getBodyPart(i);
        collect(child, out);
      }
      return;
    }
    String[] cid = part.getHeader("Content-ID");
    try (var in = part.getInputStream()) {
      out.add(new Leaf(part.getContentType(), part.getFileName(), cid == null ? null : cid[0].trim(),
          part.getDisposition(), in.readAllBytes()));
    }
  }

  private interface MailCall<T> {
    T run() throws MessagingException, IOException;
  }

  private <T> T call(MailCall<T> c) {
    try {
      return c.run();
    } catch (MessagingException e) {
      throw new IllegalStateException("message " + stored.id() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("message " + stored.id() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ReceivedMessage[" + stored.id() + " from " + stored.from() + " to " + stored.recipientAddresses() + "]";
  }
}
