package dev.sluice.jakarta;

import dev.sluice.client.Envelope;
import dev.sluice.client.SmtpAuthenticationException;
import dev.sluice.client.SmtpException;
import dev.sluice.client.bulk.Outcome;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.internet.MimeMessage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The Jakarta Mail transport for protocol {@code sluice}, registered in {@code
 * META-INF/javamail.providers}. Select it with {@code mail.transport.protocol=sluice} (for {@code
 * session.getTransport()}, Spring's {@code JavaMailSenderImpl.setProtocol("sluice")}, Spring Boot's
 * {@code spring.mail.protocol=sluice}) or {@code mail.transport.protocol.rfc822=sluice} (for the
 * static {@code Transport.send}); the settings are listed in {@link ProviderSettings} and the
 * README.
 *
 * <p>{@link #sendMessage} is synchronous, as the API demands, but every transport with the same
 * settings shares one pooled, pipelined client ({@link SharedSenders}), so many threads calling
 * {@code Transport.send} at once keep a few connections busy instead of opening one each. Results
 * come back the Jakarta Mail way: {@link SendFailedException} with the valid-sent, valid-unsent and
 * invalid addresses from the server's reply to each recipient (a 5xx is invalid, a 4xx unsent),
 * and {@link TransportEvent}s to the transport's listeners. As with Angus Mail's {@code
 * mail.smtp.sendpartial=true}, a message some recipients refused still goes to the others (its
 * commands are pipelined, there is no waiting for each RCPT), and the exception then names both.
 */
public final class SluiceTransport extends Transport {

  private SharedSenders.Shared shared;

  public SluiceTransport(Session session, URLName url) {
    super(session, url);
  }

  @Override
  protected synchronized boolean protocolConnect(String host, int port, String user, String password)
      throws MessagingException {
    ProviderSettings settings;
    try {
      settings = ProviderSettings.read(session.getProperties(), host, port, smtpUserFallback(user), password);
    } catch (IllegalArgumentException e) {
      if (password == null && e.getMessage().startsWith("mail.sluice.auth")) {
        return false; // Service.connect then asks the session's Authenticator for a password
      }
      throw new MessagingException(e.getMessage(), e);
    }
    try {
      shared = SharedSenders.acquire(settings);
      return true;
    } catch (CompletionException | SmtpException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof SmtpAuthenticationException auth) {
        throw new AuthenticationFailedException(auth.getMessage());
      }
      Exception ex = cause instanceof Exception x ? x : new RuntimeException(cause);
      throw new MessagingException("cannot connect to " + settings + ": " + cause.getMessage(), ex);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new MessagingException("invalid Sluice settings: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // e.g. an unreadable mail.sluice.ca-file: never an unchecked surprise out of connect()
      throw new MessagingException("cannot set up the Sluice client for " + settings + ": " + e.getMessage(), e);
    }
  }

  /**
   * Jakarta Mail's {@code Service.connect} fills in the OS user name when neither {@code
   * mail.sluice.user} nor {@code mail.user} is set; {@code mail.smtp.user} then wins, so that an
   * existing SMTP configuration keeps its user.
   */
  private String smtpUserFallback(String user) {
    String smtpUser = session.getProperty("mail.smtp.user");
    if (smtpUser != null && session.getProperty(ProviderSettings.PREFIX + "user") == null
        && session.getProperty("mail.user") == null && java.util.Objects.equals(user, System.getProperty("user.name"))) {
      return smtpUser;
    }
    return user;
  }

  @Override
  public void sendMessage(Message message, Address[] addresses) throws MessagingException {
    SharedSenders.Shared s;
    synchronized (this) {
      s = shared;
    }
    if (!isConnected() || s == null) {
      throw new IllegalStateException("not connected: call connect() first");
    }
    if (!(message instanceof MimeMessage mime)) {
      throw new MessagingException("the sluice transport sends MimeMessages only, not " + message.getClass().getName());
    }
    RecipientSorting sorting = RecipientSorting.check(addresses);
    if (sorting.envelopeRecipients().isEmpty()) {
      notifyTransportListeners(TransportEvent.MESSAGE_NOT_DELIVERED, new Address[0], new Address[0],
          sorting.invalidArray(), message);
      throw new SendFailedException("no valid recipient address", null, new Address[0], new Address[0],
          sorting.invalidArray());
    }
    String from = s.settings.from() != null ? s.settings.from() : MessageContents.sender(mime);
    Envelope envelope = MessageContents.envelope(from, sorting.validArray());
    Outcome outcome;
    try (WrittenMessage written = MessageContents.write(mime, s.settings.memoryLimit(), null)) {
      outcome = s.sender.submit(envelope, written.content()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MessagingException("interrupted while sending; the message may still be delivered", e);
    } catch (ExecutionException e) {
      throw new MessagingException("the send failed: " + e.getCause(), e);
    }
    DeliveryReport report = DeliveryReport.of(outcome, sorting);
    notifyTransportListeners(report.eventType(), report.validSent(), report.validUnsent(), report.invalid(), message);
    if (report.failure() != null) {
      throw report.failure();
    }
  }

  @Override
  public synchronized void close() throws MessagingException {
    SharedSenders.Shared s = shared;
    shared = null;
    if (s != null) {
      SharedSenders.release(s);
    }
    super.close();
  }
}
