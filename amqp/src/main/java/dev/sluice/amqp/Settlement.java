package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import dev.sluice.client.RecipientResult;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the worker publishes for one finished delivery before it acks it — a pure function, so the
 * rules are testable without a broker:
 *
 * <ul>
 *   <li>DELIVERED, UNKNOWN: the outcome record.
 *   <li>REJECTED, FAILED for good, FAILED with the attempts used up: the outcome record, and the
 *       original to the dead-letter queue with the reason.
 *   <li>FAILED, retryable, attempts left: a copy to the delay tier for this attempt (its
 *       {@code sluice-attempts} counts this one, {@code sluice-due-at} says when the
 *       {@link RetryMover} brings it back); no outcome yet.
 *   <li>Malformed: the original to the dead-letter queue with the reason, and a REJECTED outcome
 *       when it has a request id (so that whoever waits for it hears of it).
 * </ul>
 */
final class Settlement {

  /** One message to publish (with confirms) before the ack. */
  record Publication(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body) {}

  /**
   * A delivery whose fate is known.
   *
   * @param tag the delivery tag to ack
   * @param props the original properties
   * @param body the original body
   * @param redelivered the broker's redelivered flag (of this delivery; earlier ones are in a header)
   * @param startedAt when the worker received it (epoch ms)
   * @param mail the decoded mail, or null when it was malformed
   * @param malformed why it could not be decoded, or null
   * @param attempt how the send went, or null (malformed)
   */
  record Finished(long tag, AMQP.BasicProperties props, byte[] body, boolean redelivered, long startedAt,
      QueuedMail mail, String malformed, MailSender.Attempt attempt) {}

  private Settlement() {}

  static List<Publication> plan(Finished f, WorkerConfig config, long now) {
    Topology t = config.topology();
    List<Publication> out = new ArrayList<>(2);
    // an attempt counts when something was tried: a destination was chosen, or (--mx) recipients
    // were routed, even if no MX host answered
    int attempts = WireFormat.attempts(f.props()) + (f.attempt() != null
        && (f.attempt().destination() != null || f.attempt().replies() != null) ? 1 : 0);
    if (f.malformed() != null) {
      out.add(dead(t, f, "malformed: " + f.malformed()));
      String id = f.props() == null ? null : f.props().getMessageId();
      if (id != null && validId(id)) {
        out.add(outcome(t, record(f, id, OutcomeRecord.Status.REJECTED, List.of(), "malformed: " + f.malformed(),
            attempts, config, now)));
      }
      return out;
    }
    MailSender.Attempt a = f.attempt();
    String error = a.error() == null ? null : describe(a.error());
    List<OutcomeRecord.Reply> earlier = done(f.props());
    if (a.retryable() && attempts < config.maxAttempts()) {
      Duration tier = t.tierAfter(attempts);
      Map<String, Object> h = new HashMap<>();
      h.put(WireFormat.H_ATTEMPTS, attempts);
      h.put(WireFormat.H_DUE_AT, now + tier.toMillis());
      if (f.redelivered() || WireFormat.redeliveredBefore(f.props())) {
        // a redelivered mail may have been sent already: the outcome of its retry must say so
        h.put(WireFormat.H_REDELIVERED, true);
      }
      if (a.retryRecipients() != null && a.replies() != null) {
        // partly delivered: the copy goes to the recipients still to try, and remembers the others
        List<OutcomeRecord.Reply> settled = new ArrayList<>(earlier);
        for (OutcomeRecord.Reply r : a.replies()) {
          if (!a.retryRecipients().contains(r.address())) {
            settled.add(r);
          }
        }
        h.put(WireFormat.H_TO, new ArrayList<Object>(a.retryRecipients()));
        if (!settled.isEmpty()) {
          h.put(WireFormat.H_DONE, OutcomeRecord.repliesJson(settled));
        }
      }
      out.add(new Publication(t.retryExchange(), Topology.tierKey(tier), WireFormat.withHeaders(f.props(), h),
          f.body()));
      return out;
    }
    if (a.retryable()) {
      error = "gave up after " + attempts + " attempts: " + error;
    }
    List<OutcomeRecord.Reply> replies = new ArrayList<>(earlier);
    replies.addAll(a.replies() != null ? a.replies() : replies(a.result()));
    OutcomeRecord.Status status = a.replies() != null || !earlier.isEmpty() ? summarize(replies) : a.status();
    out.add(outcome(t, record(f, f.mail().requestId(), status, replies, error, attempts, config, now)));
    if (status == OutcomeRecord.Status.REJECTED || status == OutcomeRecord.Status.FAILED) {
      out.add(dead(t, f, status + ": " + error));
    }
    return out;
  }

  /**
   * A mail's status from its recipients' (with {@code --mx}): DELIVERED when one of them got it
   * (the others' fates are in the record), else UNKNOWN if one may have, else FAILED if one failed
   * for a while, else REJECTED.
   */
  static OutcomeRecord.Status summarize(List<OutcomeRecord.Reply> replies) {
    boolean unknown = false;
    boolean failed = false;
    for (OutcomeRecord.Reply r : replies) {
      if (r.status() == OutcomeRecord.Status.DELIVERED) {
        return OutcomeRecord.Status.DELIVERED;
      }
      unknown |= r.status() == OutcomeRecord.Status.UNKNOWN;
      failed |= r.status() == OutcomeRecord.Status.FAILED;
    }
    return unknown ? OutcomeRecord.Status.UNKNOWN : failed ? OutcomeRecord.Status.FAILED : OutcomeRecord.Status.REJECTED;
  }

  /** The replies carried by a retry copy of a partly delivered mail (none on a first attempt). */
  private static List<OutcomeRecord.Reply> done(AMQP.BasicProperties props) {
    Object d = props == null || props.getHeaders() == null ? null : props.getHeaders().get(WireFormat.H_DONE);
    if (d == null) {
      return List.of();
    }
    try {
      return OutcomeRecord.repliesFromJson(d.toString());
    } catch (IOException e) {
      // only workers write this header; a damaged one loses the earlier replies, not the mail
      return List.of(new OutcomeRecord.Reply(null, 0, "unreadable " + WireFormat.H_DONE + " header: "
          + WireFormat.printable(e.getMessage()), null));
    }
  }

  private static List<OutcomeRecord.Reply> replies(SendResult r) {
    List<OutcomeRecord.Reply> replies = new ArrayList<>();
    if (r != null) {
      for (RecipientResult rr : r.recipients()) {
        replies.add(new OutcomeRecord.Reply(rr.address(), rr.reply().code(), rr.reply().text()));
      }
    }
    return replies;
  }

  private static OutcomeRecord record(Finished f, String id, OutcomeRecord.Status status,
      List<OutcomeRecord.Reply> replies, String error, int attempts, WorkerConfig config, long now) {
    MailSender.Attempt a = f.attempt();
    SendResult r = a == null ? null : a.result();
    String data = r == null || r.dataReply() == null ? null : r.dataReply().code() + " " + r.dataReply().text();
    long enqueued = f.props() != null && f.props().getTimestamp() != null ? f.props().getTimestamp().getTime() : 0;
    return new OutcomeRecord(OutcomeRecord.VERSION, id, status, replies, data, error,
        a == null ? null : a.destination(), attempts, f.redelivered() || WireFormat.redeliveredBefore(f.props()),
        config.workerId(), enqueued, f.startedAt(), now);
  }

  private static Publication outcome(Topology t, OutcomeRecord r) {
    return outcomePublication(t, r.requestId(), r.status().name(), 1, r.finishedAt(), r.toJson());
  }

  private static Publication dead(Topology t, Finished f, String reason) {
    Map<String, Object> h = new HashMap<>();
    h.put(WireFormat.H_DEAD_REASON, WireFormat.printable(reason));
    AMQP.BasicProperties base = f.props() != null ? f.props() : new AMQP.BasicProperties();
    return new Publication(t.deadExchange(), "", WireFormat.withHeaders(base, h), f.body() == null ? new byte[0]
        : f.body());
  }

  /**
   * The publications of a whole settlement batch, with every outcome record merged into one
   * message: NDJSON, one record a line ({@link OutcomeRecord#readAll}). Measured on the 2-core box
   * (bench/README.md, "The queue path"): one outcome message per mail cost the broker a Raft entry
   * and the worker a publish per mail, and the outcomes reader a delivery and an ack per mail. The
   * records are confirmed together, before any mail of the batch is acked, so nothing is weaker.
   */
  static List<Publication> merge(Topology t, List<Publication> all) {
    List<Publication> out = new ArrayList<>(all.size());
    java.io.ByteArrayOutputStream records = new java.io.ByteArrayOutputStream();
    int count = 0;
    String firstId = null;
    long last = 0;
    for (Publication p : all) {
      if (!p.exchange().equals(t.outcomesExchange())) {
        out.add(p);
        continue;
      }
      if (count++ > 0) {
        records.write('\n');
      } else {
        firstId = p.props().getMessageId();
      }
      records.writeBytes(p.body());
      last = p.props().getTimestamp() == null ? last : p.props().getTimestamp().getTime();
    }
    if (count == 1) {
      out.add(outcomePublication(t, firstId, "", 1, last, records.toByteArray()));
    } else if (count > 1) {
      out.add(outcomePublication(t, null, "", count, last, records.toByteArray()));
    }
    return out;
  }

  private static Publication outcomePublication(Topology t, String id, String status, int count, long at,
      byte[] body) {
    Map<String, Object> h = new HashMap<>();
    h.put("sluice-outcome-version", OutcomeRecord.VERSION);
    h.put(OutcomeRecord.H_COUNT, count);
    if (!status.isEmpty()) {
      h.put("sluice-status", status);
    }
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().messageId(id)
        .contentType(count == 1 ? "application/json" : OutcomeRecord.NDJSON).deliveryMode(2)
        .timestamp(new java.util.Date(at)).headers(h).build();
    return new Publication(t.outcomesExchange(), "", props, body);
  }

  private static boolean validId(String id) {
    try {
      WireFormat.checkToken("request id", id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static String describe(Throwable t) {
    String s = t instanceof SmtpException e ? e.getMessage() : t.toString();
    return WireFormat.printable(s == null ? t.getClass().getSimpleName() : s);
  }
}
