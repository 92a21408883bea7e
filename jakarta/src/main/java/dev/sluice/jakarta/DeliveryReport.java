package dev.sluice.jakarta;

import dev.sluice.client.RecipientResult;
import dev.sluice.client.SendResult;
import dev.sluice.client.bulk.Outcome;
import jakarta.mail.Address;
import jakarta.mail.SendFailedException;
import jakarta.mail.event.TransportEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A Sluice {@link Outcome} in Jakarta Mail's terms: valid-sent, valid-unsent and invalid addresses,
 * the {@link TransportEvent} type, and the {@link SendFailedException} to throw (null when every
 * recipient has the message).
 *
 * <p>A recipient the server refused with a 5xx is invalid (it will never take it); with a 4xx, or
 * when the message as a whole failed, it is valid but unsent. A message whose delivery is unknown
 * (the connection broke after the final dot) counts as unsent, and the exception says it may have
 * arrived: it is not resent silently.
 */
record DeliveryReport(int eventType, Address[] validSent, Address[] validUnsent, Address[] invalid,
    SendFailedException failure) {

  static DeliveryReport of(Outcome outcome, RecipientSorting sorting) {
    List<Address> sent = new ArrayList<>();
    List<Address> unsent = new ArrayList<>();
    List<Address> invalid = new ArrayList<>(sorting.invalid());
    boolean delivered = outcome.status() == Outcome.Status.DELIVERED;
    SendResult result = outcome.result();
    List<RecipientResult> replies = result == null ? List.of() : result.recipients();
    StringBuilder refused = new StringBuilder();
    for (int i = 0; i < sorting.valid().size(); i++) {
      Address a = sorting.valid().get(i);
      RecipientResult r = i < replies.size() ? replies.get(i) : null;
      if (r == null) {
        unsent.add(a);
      } else if (r.accepted()) {
        (delivered ? sent : unsent).add(a);
      } else {
        (r.reply().isPermanentFailure() ? invalid : unsent).add(a);
        refused.append(refused.isEmpty() ? "" : "; ").append(r.address()).append(": ").append(r.reply());
      }
    }
    Address[] s = sent.toArray(Address[]::new);
    Address[] u = unsent.toArray(Address[]::new);
    Address[] v = invalid.toArray(Address[]::new);
    if (delivered && u.length == 0 && v.length == 0) {
      return new DeliveryReport(TransportEvent.MESSAGE_DELIVERED, s, u, v, null);
    }
    if (delivered) {
      String text = "the message was sent to " + s.length + " of " + (s.length + u.length + v.length)
          + " recipients" + (refused.isEmpty() ? "" : "; refused: " + refused)
          + (sorting.invalid().isEmpty() ? "" : "; not valid addresses: " + sorting.invalid());
      return new DeliveryReport(TransportEvent.MESSAGE_PARTIALLY_DELIVERED, s, u, v,
          new SendFailedException(text, null, s, u, v));
    }
    Exception cause = outcome.error() instanceof Exception e ? e
        : outcome.error() == null ? null : new RuntimeException(outcome.error());
    String why = outcome.smtpError() != null ? outcome.smtpError().describe()
        : cause != null ? String.valueOf(cause.getMessage()) : outcome.status().toString();
    String text = switch (outcome.status()) {
      case UNKNOWN -> "the connection was lost after the whole message was sent, before the server's reply: it may"
          + " have been delivered (not resent, to avoid a duplicate): " + why;
      case REJECTED -> "the server refused the message: " + why;
      default -> "the message was not sent: " + why;
    } + (refused.isEmpty() ? "" : "; refused recipients: " + refused);
    return new DeliveryReport(TransportEvent.MESSAGE_NOT_DELIVERED, s, u, v, new SendFailedException(text, cause, s, u, v));
  }
}
