package dev.sluice.amqp;

import dev.sluice.client.Envelope;
import java.util.Objects;

/**
 * One mail as it travels through the send queue: the request id the producer chose (it becomes the
 * AMQP {@code message-id} and keys the outcome), the SMTP envelope, the RFC 5322 bytes, and two
 * optional hints for the sender (a route or destination name, and the DKIM key to sign with).
 *
 * @param requestId unique per request; at most {@link WireFormat#MAX_ID_LENGTH} printable ASCII characters
 * @param envelope MAIL FROM, RCPT TO and the DSN request
 * @param message the message bytes, headers and body, as they go after DATA (not copied)
 * @param route a route or destination name, or null
 * @param dkimKeyId the id of the DKIM key to sign with, or null
 */
public record QueuedMail(String requestId, Envelope envelope, byte[] message, String route, String dkimKeyId) {

  public QueuedMail {
    WireFormat.checkToken("request id", requestId);
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(message, "message");
    if (route != null) {
      WireFormat.checkToken("route", route);
    }
    if (dkimKeyId != null) {
      WireFormat.checkToken("DKIM key id", dkimKeyId);
    }
  }

  public static QueuedMail of(String requestId, Envelope envelope, byte[] message) {
    return new QueuedMail(requestId, envelope, message, null, null);
  }
}
