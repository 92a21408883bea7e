package dev.sluice.route;

import dev.sluice.client.bulk.Outcome;
import dev.sluice.codec.SmtpReply;
import dev.sluice.route.tls.TlsVerdict;
import java.net.InetAddress;

/**
 * How delivery to one recipient ended. Exactly one per recipient of a submitted message.
 *
 * @param recipient the address as submitted
 * @param status DELIVERED, REJECTED (permanent: a 5xx, NXDOMAIN, null MX…), FAILED (transient
 *     failures until the retries ran out) or UNKNOWN (sent, reply lost: may have been delivered)
 * @param reply the server's reply that decided it (the data reply when delivered, the RCPT/MAIL/
 *     data reply when refused), or null when no server said anything (DNS, connection failures)
 * @param mxHost the host that gave the reply (or that was being talked to), or null
 * @param address that host's address, or null
 * @param tls what the connection's TLS achieved, or null when no connection was made
 * @param detail what happened, in words (the error, with "permanent" or "transient")
 * @param attempts delivery attempts made for this recipient
 */
public record RecipientOutcome(String recipient, Outcome.Status status, SmtpReply reply, String mxHost,
    InetAddress address, TlsVerdict tls, String detail, int attempts) {

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(recipient).append(' ').append(status);
    if (mxHost != null) {
      sb.append(" via ").append(mxHost);
      if (address != null) {
        sb.append(" (").append(address.getHostAddress()).append(')');
      }
    }
    if (tls != null) {
      sb.append(" tls=").append(tls.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (reply != null) {
      sb.append(": ").append(reply);
    } else if (detail != null) {
      sb.append(": ").append(detail);
    }
    return sb.toString();
  }
}
