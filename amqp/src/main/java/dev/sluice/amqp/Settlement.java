package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import dev.sluice.client.RecipientResult;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpException;
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
    int attempts = WireFormat.attempts(f.props()) + (f.attempt() != null && f.attempt().destination() != null ? 1 : 0);
    if (f.malformed() != null) {
      out.add(dead(t, f, "malformed: " + f.malformed()));
      String id = f.props() == null ? null : f.props().getMessageId();
      if (id != null && validId(id)) {
        out.add(outcome(t, record(f, id, OutcomeRecord.Status.REJECTED, "malformed: " + f.malformed(), attempts,
            config, now)));
      }
      return out;
    }
    MailSender.Attempt a = f.attempt();
    String error = a.error() == null ? null : describe(a.error());
    if (a.status() == OutcomeRecord.Status.FAILED && a.retryable() && attempts < config.maxAttempts()) {
      Duration tier = t.tierAfter(attempts);
      Map<String, Object> h = new HashMap<>();
      h.put(WireFormat.H_ATTEMPTS, attempts);
      h.put(WireFormat.H_DUE_AT, now + tier.toMillis());
      if (f.redelivered() || WireFormat.redeliveredBefore(f.props())) {
        // a redelivered mail may have been sent already: the outcome of its retry must say so
        h.put(WireFormat.H_REDELIVERED, true);
      }
      out.add(new Publication(t.retryExchange(), Topology.tierKey(tier), WireFormat.withHeaders(f.props(), h),
          f.body()));
      return out;
    }
    if (a.status() == OutcomeRecord.Status.FAILED && a.retryable()) {
      error = "gave up after " + attempts + " attempts: " + error;
    }
    out.add(outcome(t, record(f, f.mail().requestId(), a.status(), error, attempts, config, now)));
    if (a.status() == OutcomeRecord.Status.REJECTED || a.status() == OutcomeRecord.Status.FAILED) {
      out.add(dead(t, f, a.status() + ": " + error));
    }
    return out;
  }

  private static OutcomeRecord record(Finished f, String id, OutcomeRecord.Status status, String error, int attempts,
      WorkerConfig config, long now) {
    MailSender.Attempt a = f.attempt();
    SendResult r = a == null ? null : a.result();
    List<OutcomeRecord.Reply> replies = new ArrayList<>();
    if (r != null) {
      for (RecipientResult rr : r.recipients()) {
        replies.add(new OutcomeRecord.Reply(rr.address(), rr.reply().code(), rr.reply().text()));
      }
    }
    String data = r == null || r.dataReply() == null ? null : r.dataReply().code() + " " + r.dataReply().text();
    long enqueued = f.props() != null && f.props().getTimestamp() != null ? f.props().getTimestamp().getTime() : 0;
    return new OutcomeRecord(OutcomeRecord.VERSION, id, status, replies, data, error,
        a == null ? null : a.destination(), attempts, f.redelivered() || WireFormat.redeliveredBefore(f.props()),
        config.workerId(), enqueued, f.startedAt(), now);
  }

  private static Publication outcome(Topology t, OutcomeRecord r) {
    Map<String, Object> h = new HashMap<>();
    h.put("sluice-outcome-version", OutcomeRecord.VERSION);
    h.put("sluice-status", r.status().name());
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().messageId(r.requestId())
        .contentType("application/json").deliveryMode(2).timestamp(new java.util.Date(r.finishedAt()))
        .headers(h).build();
    return new Publication(t.outcomesExchange(), "", props, r.toJson());
  }

  private static Publication dead(Topology t, Finished f, String reason) {
    Map<String, Object> h = new HashMap<>();
    h.put(WireFormat.H_DEAD_REASON, WireFormat.printable(reason));
    AMQP.BasicProperties base = f.props() != null ? f.props() : new AMQP.BasicProperties();
    return new Publication(t.deadExchange(), "", WireFormat.withHeaders(base, h), f.body() == null ? new byte[0]
        : f.body());
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
