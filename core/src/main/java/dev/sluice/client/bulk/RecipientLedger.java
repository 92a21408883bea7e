package dev.sluice.client.bulk;

import dev.sluice.client.RecipientResult;
import dev.sluice.client.SendResult;
import dev.sluice.codec.SmtpReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message's recipients across its attempts: each ends in exactly one status. A recipient the
 * server accepted is DELIVERED and never sent again; a 5xx makes it REJECTED; a 4xx leaves it
 * pending for the next attempt (RFC 5321 4.5.3.1.10). Whatever is pending when the message ends
 * takes the message's final status. Guarded by the job (one attempt at a time).
 */
final class RecipientLedger {

  /** Status of each recipient, null while undecided; in the envelope's order. */
  private final Map<String, Outcome.Status> status = new LinkedHashMap<>();
  private final Map<String, SmtpReply> lastReply = new LinkedHashMap<>();

  RecipientLedger(List<String> recipients) {
    for (String r : recipients) {
      status.put(r, null);
    }
  }

  /** Records an attempt the server accepted; returns the recipients to try again (4xx), maybe none. */
  List<String> accepted(SendResult result) {
    List<String> again = new ArrayList<>();
    for (RecipientResult r : result.recipients()) {
      lastReply.put(r.address(), r.reply());
      if (r.accepted()) {
        status.put(r.address(), Outcome.Status.DELIVERED);
      } else if (r.reply().isTransientFailure()) {
        again.add(r.address());
      } else {
        status.put(r.address(), Outcome.Status.REJECTED);
      }
    }
    return again;
  }

  /** Keeps the replies of an attempt that failed (for the report), deciding nothing. */
  void attempted(SendResult partial) {
    if (partial != null) {
      for (RecipientResult r : partial.recipients()) {
        lastReply.put(r.address(), r.reply());
      }
    }
  }

  boolean anyDelivered() {
    return status.containsValue(Outcome.Status.DELIVERED);
  }

  /** Gives every undecided recipient {@code last}; returns the outcome of each, in order. */
  List<RecipientOutcome> close(Outcome.Status last) {
    List<RecipientOutcome> out = new ArrayList<>(status.size());
    for (Map.Entry<String, Outcome.Status> e : status.entrySet()) {
      Outcome.Status s = e.getValue() != null ? e.getValue() : last;
      out.add(new RecipientOutcome(e.getKey(), s, lastReply.get(e.getKey())));
    }
    return out;
  }
}
