package consumer;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class SendThroughSluiceTest {

  @Test
  void sendsThroughTheSluiceProvider() throws Exception {
    Properties props = new Properties();
    props.put("mail.transport.protocol.rfc822", "sluice");
    props.put("mail.sluice.host", "127.0.0.1");
    props.put("mail.sluice.port", System.getProperty("sink.port"));
    props.put("mail.sluice.tls", "none");
    Session session = Session.getInstance(props);
    MimeMessage m = new MimeMessage(session);
    m.setFrom("consumer@example.com");
    m.setRecipients(Message.RecipientType.TO, "you@example.org");
    m.setSubject("out-of-reactor");
    m.setText("sent by a project that only has the local repository");
    Transport.send(m);
    Assertions.assertEquals("dev.sluice.jakarta.SluiceTransport", session.getTransport(m.getAllRecipients()[0])
        .getClass().getName());
  }
}
