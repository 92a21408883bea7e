package dev.sluice.route;

import dev.sluice.client.Envelope;
import dev.sluice.client.bulk.Outcome;
import java.util.List;

/**
 * How one submitted message ended: one {@link RecipientOutcome} per recipient, and a summary.
 *
 * @param status DELIVERED when every recipient got it; PARTIAL when some did and some did not;
 *     else the common fate of the others (UNKNOWN if any is unknown, FAILED if any failed,
 *     REJECTED when all were refused for good)
 * @param envelope the message's envelope as submitted
 * @param recipients one outcome per recipient, in the envelope's order
 */
public record MessageOutcome(Status status, Envelope envelope, List<RecipientOutcome> recipients) {

  /** A message's overall fate. */
  public enum Status { DELIVERED, PARTIAL, REJECTED, FAILED, UNKNOWN }

  public MessageOutcome {
    recipients = List.copyOf(recipients);
  }

  static Status summarize(List<RecipientOutcome> outcomes) {
    long delivered = outcomes.stream().filter(o -> o.status() == Outcome.Status.DELIVERED).count();
    if (delivered == outcomes.size()) {
      return Status.DELIVERED;
    }
    if (delivered > 0) {
      return Status.PARTIAL;
    }
    if (outcomes.stream().anyMatch(o -> o.status() == Outcome.Status.UNKNOWN)) {
      return Status.UNKNOWN;
    }
    if (outcomes.stream().anyMatch(o -> o.status() == Outcome.Status.FAILED)) {
      return Status.FAILED;
    }
    return Status.REJECTED;
  }

  public List<RecipientOutcome> withStatus(Outcome.Status s) {
    return recipients.stream().filter(r -> r.status() == s).toList();
  }
}
