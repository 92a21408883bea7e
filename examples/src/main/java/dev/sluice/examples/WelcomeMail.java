package dev.sluice.examples;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.util.Properties;

/** An application's mail, for the README's test example: a welcome text and the terms as a PDF. */
public final class WelcomeMail {

  /** Sends the welcome mail to {@code to} through the sluice provider, without TLS (a test server). */
  public void send(String to, String host, int port) throws MessagingException {
    Properties props = new Properties();
    props.put("mail.transport.protocol.rfc822", "sluice");
    props.put("mail.sluice.host", host);
    props.put("mail.sluice.port", String.valueOf(port));
    props.put("mail.sluice.tls", "none");
    MimeMessage m = new MimeMessage(Session.getInstance(props));
    m.setFrom("hello@example.com");
    m.setRecipients(Message.RecipientType.TO, to);
    m.setSubject("Welcome");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("Welcome aboard.");
    MimeBodyPart terms = new MimeBodyPart();
    terms.setDataHandler(new DataHandler(new ByteArrayDataSource(new byte[] {'%', 'P', 'D', 'F'}, "application/pdf")));
    terms.setFileName("terms.pdf");
    m.setContent(new MimeMultipart(text, terms));
    Transport.send(m);
  }
}
