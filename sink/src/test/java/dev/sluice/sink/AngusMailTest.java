package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sink.tls.CertificateBuilder;
import dev.sluice.sink.tls.CertifiedKey;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Angus Mail, an SMTP client that has nothing to do with Sluice, against the sink. */
class AngusMailTest {

  private static final CertifiedKey KEY = CertificateBuilder.forHosts("localhost", "127.0.0.1").selfSigned();
  private static final String USER = "user@example.test";
  private static final String TEXT = "Grüße aus Köln\r\n.a line starting with a dot\r\n..two dots\r\nend\r\n";

  private static Properties props(SmtpSink sink, String mechanism) throws Exception {
    Properties p = new Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", Integer.toString(sink.port()));
    p.put("mail.smtp.auth", "true");
    p.put("mail.smtp.auth.mechanisms", mechanism);
    p.put("mail.smtp.ssl.socketFactory", RawClient.trusting(KEY).getSocketFactory());
    p.put("mail.smtp.ssl.checkserveridentity", "true");
    p.put("mail.smtp.allow8bitmime", "true");
    p.put("mail.smtp.timeout", "10000");
    return p;
  }

  /** Sends like Transport.send, and returns the bytes Angus wrote for the message (before dot-stuffing). */
  private static byte[] send(Properties props, MimeMessage message) throws Exception {
    Session session = Session.getInstance(props);
    message.saveChanges();
    try (Transport transport = session.getTransport("smtp")) {
      transport.connect(USER, "secret");
      transport.sendMessage(message, message.getAllRecipients());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    message.writeTo(out, new String[] {"Bcc", "Content-Length"});
    return crlf(out.toByteArray());
  }

  private static MimeMessage message(Properties props, InternetAddress from, InternetAddress to, String subject)
      throws Exception {
    MimeMessage m = new MimeMessage(Session.getInstance(props));
    m.setFrom(from);
    m.setRecipient(Message.RecipientType.TO, to);
    m.setHeader("Subject", subject); // raw: with mail.mime.allowutf8 a UTF-8 header goes out as UTF-8
    m.setText(TEXT, "UTF-8");
    return m;
  }

  /** What SMTP makes of line endings: every bare CR or LF becomes CRLF, and the data ends with one. */
  private static byte[] crlf(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace('\r', '\n')
        .replace("\n", "\r\n");
    return (s.endsWith("\r\n") ? s : s + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] dotStuffed(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    return ((s.startsWith(".") ? "." : "") + s.replace("\r\n.", "\r\n..")).getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void sendsOverStartTlsWithAuthPlainAnd8BitContent() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().tls(TlsMode.STARTTLS).certificate(KEY).user(USER, "secret")
        .requireTls(true).requireAuth(true).start()) {
      Properties p = props(sink, "PLAIN");
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");

      byte[] sent = send(p, message(p, new InternetAddress("a@example.test"), new InternetAddress("b@example.test"),
          "8bit"));

      StoredMessage m = sink.awaitMessages(1, Duration.ofSeconds(10)).get(0);
      assertThat(m.data()).isEqualTo(sent);
      assertThat(m.dataAsString()).contains("Content-Transfer-Encoding: 8bit", "Grüße aus Köln", "\r\n.a line");
      assertThat(m.tls()).isTrue();
      assertThat(m.authenticatedUser()).isEqualTo(USER);
      assertThat(m.from()).isEqualTo("a@example.test");
      assertThat(m.recipientAddresses()).containsExactly("b@example.test");
      assertThat(m.transfer()).isEqualTo(Transfer.DATA);
    }
  }

  @Test
  void sendsOverImplicitTlsWithAuthLogin() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().tls(TlsMode.IMPLICIT).certificate(KEY).user(USER, "secret")
        .requireAuth(true).start()) {
      Properties p = props(sink, "LOGIN");
      p.put("mail.smtp.ssl.enable", "true");

      byte[] sent = send(p, message(p, new InternetAddress("a@example.test"), new InternetAddress("b@example.test"),
          "implicit"));

      StoredMessage m = sink.awaitMessages(1, Duration.ofSeconds(10)).get(0);
      assertThat(m.data()).isEqualTo(sent);
      assertThat(m.tls()).isTrue();
      assertThat(m.authenticatedUser()).isEqualTo(USER);
      assertThat(sink.counters().authSuccesses()).isEqualTo(1);
    }
  }

  @Test
  void sendsUtf8AddressesAndHeadersWithSmtpUtf8() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().tls(TlsMode.STARTTLS).certificate(KEY).user(USER, "secret").start()) {
      Properties p = props(sink, "PLAIN");
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
      p.put("mail.mime.allowutf8", "true");
      InternetAddress from = new InternetAddress();
      from.setAddress("jöran@exämple.test");
      InternetAddress to = new InternetAddress();
      to.setAddress("用户@例子.test");

      byte[] sent = send(p, message(p, from, to, "Grüße"));

      StoredMessage m = sink.awaitMessages(1, Duration.ofSeconds(10)).get(0);
      assertThat(m.smtpUtf8()).isTrue();
      assertThat(m.from()).isEqualTo("jöran@exämple.test");
      assertThat(m.recipientAddresses()).containsExactly("用户@例子.test");
      assertThat(m.data()).isEqualTo(sent);
      assertThat(m.dataAsString()).contains("Subject: Grüße\r\n");
    }
  }

  @Test
  void sendsInBdatChunks() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().tls(TlsMode.STARTTLS).certificate(KEY).user(USER, "secret").start()) {
      Properties p = props(sink, "PLAIN");
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.chunksize", "64");

      byte[] sent = send(p, message(p, new InternetAddress("a@example.test"), new InternetAddress("b@example.test"),
          "chunks"));

      StoredMessage m = sink.awaitMessages(1, Duration.ofSeconds(10)).get(0);
      assertThat(m.transfer()).isEqualTo(Transfer.BDAT);
      // Angus dot-stuffs BDAT chunks too (its BDAT stream extends its DATA stream; RFC 3030 has no
      // stuffing). BDAT content is stored exactly as it arrived, so the stuffed dots stay.
      assertThat(m.data()).isEqualTo(dotStuffed(sent));
      assertThat(m.dataAsString()).contains("\r\n..a line starting with a dot\r\n");
    }
  }
}
