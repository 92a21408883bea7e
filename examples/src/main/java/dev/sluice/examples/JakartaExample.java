package dev.sluice.examples;

import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.jakarta.MessageContents;
import dev.sluice.jakarta.WrittenMessage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/** README "Jakarta Mail and Spring, without code changes". */
public final class JakartaExample {

  private JakartaExample() {}

  /** Sends one message through the sluice provider; returns it. */
  public static MimeMessage transportSend(String host, int port, String password, String caFile)
      throws MessagingException {
    // README:jakarta
    Properties props = new Properties();
    props.put("mail.transport.protocol", "sluice");          // session.getTransport(), Spring
    props.put("mail.transport.protocol.rfc822", "sluice");   // the static Transport.send(message)
    props.put("mail.sluice.host", host);
    props.put("mail.sluice.port", String.valueOf(port));
    props.put("mail.sluice.user", "me@example.com");
    props.put("mail.sluice.password", password);
    props.put("mail.sluice.ca-file", caFile);                // only for a private CA
    Session session = Session.getInstance(props);

    MimeMessage message = new MimeMessage(session);
    message.setFrom("me@example.com");
    message.setRecipients(Message.RecipientType.TO, "you@example.org");
    message.setSubject("Hello");
    message.setText("Hi there");
    Transport.send(message);
    // README:end
    return message;
  }

  /** Sends {@code message} with a bulk sender, printing the outcome. */
  public static void contents(MimeMessage message, SmtpClientConfig config)
      throws MessagingException, InterruptedException, ExecutionException {
    // README:contents
    try (WrittenMessage written = MessageContents.write(message);   // large messages spill to a file
         SmtpClient client = SmtpClient.create(config);
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT)) {
      Outcome outcome = sender.submit(MessageContents.envelope(message), written.content()).get();
      System.out.println(outcome.status());                          // DELIVERED
    }
    // README:end
  }
}
