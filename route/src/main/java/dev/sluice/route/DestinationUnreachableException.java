package dev.sluice.route;

import dev.sluice.client.SmtpException;
import dev.sluice.client.SmtpPhase;
import java.util.List;

/**
 * No MX host of a destination gave a usable session: each refused the connection, timed out,
 * greeted with 421/4xx/5xx or failed TLS where the policy required it. Transient unless every host
 * refused service for good (5xx greetings).
 */
public final class DestinationUnreachableException extends SmtpException {

  private final boolean permanent;
  private final List<String> attempts;

  DestinationUnreachableException(String destination, List<String> attempts, boolean permanent) {
    super(SmtpPhase.CONNECT, "no MX host of " + destination + " took the connection: " + String.join("; ", attempts),
        permanent ? "the receiving domain refuses our mail service" : "tried again after a pause; check the MX hosts",
        null);
    this.permanent = permanent;
    this.attempts = List.copyOf(attempts);
  }

  /** One line per host tried: what went wrong there. */
  public List<String> attempts() {
    return attempts;
  }

  @Override
  public boolean isTransient() {
    return !permanent;
  }
}
