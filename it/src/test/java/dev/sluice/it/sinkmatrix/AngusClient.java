package dev.sluice.it.sinkmatrix;

import dev.sluice.it.peers.Clients;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Properties;

/**
 * Angus Mail (Jakarta Mail): a MIME message with UTF-8 text sent as 8bit, PLAIN, LOGIN or XOAUTH2,
 * certificates checked against our CA and the host name.
 */
final class AngusClient implements IndependentClient {

  private static final String TEXT = "Grüße aus Köln\r\n.a line starting with a dot\r\n..two dots\r\nend\r\n";

  @Override
  public String name() {
    return "Angus Mail";
  }

  @Override
  public List<String> mechanisms() {
    return List.of("PLAIN", "LOGIN", "XOAUTH2");
  }

  @Override
  public byte[] send(SinkUnderTest sink, TestPki pki, String mechanism, String from, String to) throws Exception {
    Properties p = new Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", Integer.toString(sink.server().port()));
    p.put("mail.smtp.localhost", "client.example.test");
    p.put("mail.smtp.auth", "true");
    p.put("mail.smtp.auth.mechanisms", mechanism);
    p.put("mail.smtp.allow8bitmime", "true");
    p.put("mail.smtp.timeout", "20000");
    p.put("mail.smtp.connectiontimeout", "20000");
    Clients.Security security = sink.server().security();
    if (security != Clients.Security.PLAIN) {
      p.put("mail.smtp.ssl.socketFactory", pki.socketFactory());
      p.put("mail.smtp.ssl.checkserveridentity", "true");
    }
    if (security == Clients.Security.STARTTLS) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    } else if (security == Clients.Security.TLS) {
      p.put("mail.smtp.ssl.enable", "true");
    }
    Session session = Session.getInstance(p);
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(from));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
    m.setSubject("Angus Mail over " + security + " with " + mechanism, "UTF-8");
    m.setText(TEXT, "UTF-8");
    m.saveChanges();
    try (Transport transport = session.getTransport("smtp")) {
      transport.connect(SinkMatrix.USER, mechanism.equals("XOAUTH2") ? SinkMatrix.TOKEN : SinkMatrix.PASSWORD);
      transport.sendMessage(m, m.getAllRecipients());
    }
    // what Angus wrote for the message (it leaves out Bcc and Content-Length), in SMTP's line endings
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out, new String[] {"Bcc", "Content-Length"});
    return SinkMatrix.crlf(out.toByteArray());
  }

  @Override
  public String toString() {
    return name();
  }

}
