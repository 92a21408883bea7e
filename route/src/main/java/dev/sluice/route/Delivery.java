package dev.sluice.route;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.codec.SmtpReply;
import dev.sluice.route.tls.TlsVerdict;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One submitted message on its way: an outcome slot per recipient, filled exactly once; when the
 * last is filled the message's outcome completes and its content is released.
 */
final class Delivery {

  /** A recipient: its place in the envelope, as submitted, as sent (domain in A-labels), and its domain. */
  record Rcpt(int index, String original, String wire, String domain) {}

  /** Part of a message bound for one destination: the recipients still to deliver there. */
  static final class Job {
    final Delivery delivery;
    final List<Rcpt> rcpts;
    final Envelope envelope;
    final int attempts;
    volatile SmtpSession session;

    Job(Delivery delivery, List<Rcpt> rcpts, int attempts) {
      this.delivery = delivery;
      this.rcpts = List.copyOf(rcpts);
      this.envelope = sameAsSubmitted(delivery.envelope, this.rcpts) ? delivery.envelope
          : new Envelope(delivery.envelope.from(), rcpts.stream().map(Rcpt::wire).toList(), delivery.envelope.dsn());
      this.attempts = attempts;
    }
  }

  /** True when {@code rcpts} are all of the envelope's recipients, in order and unchanged (no new Envelope to check). */
  private static boolean sameAsSubmitted(Envelope envelope, List<Rcpt> rcpts) {
    List<String> all = envelope.recipients();
    if (all.size() != rcpts.size()) {
      return false;
    }
    for (int i = 0; i < rcpts.size(); i++) {
      Rcpt r = rcpts.get(i);
      if (r.index() != i || !r.wire().equals(r.original())) {
        return false;
      }
    }
    return true;
  }

  final Envelope envelope;
  final MessageContent content;
  final CompletableFuture<MessageOutcome> outcome = new CompletableFuture<>();
  final long submittedAt = System.nanoTime();
  private final RecipientOutcome[] results;
  private final Router router;
  private int left;

  Delivery(Router router, Envelope envelope, MessageContent content) {
    this.router = router;
    this.envelope = envelope;
    this.content = content;
    this.results = new RecipientOutcome[envelope.recipients().size()];
    this.left = results.length;
  }

  void settle(Rcpt r, Outcome.Status status, SmtpReply reply, MxConnector.Reached at, String detail, int attempts) {
    String host = at == null ? null : at.host();
    InetAddress address = at == null ? null : at.address();
    TlsVerdict tls = at == null ? null : at.tls();
    boolean last;
    synchronized (this) {
      if (results[r.index()] != null) {
        return; // already settled: never twice
      }
      results[r.index()] = new RecipientOutcome(r.original(), status, reply, host, address, tls, detail, attempts);
      last = --left == 0;
    }
    router.recipientSettled(status);
    if (last) {
      MessageOutcome done;
      synchronized (this) {
        List<RecipientOutcome> all = Arrays.asList(results.clone());
        done = new MessageOutcome(MessageOutcome.summarize(all), envelope, all);
      }
      router.messageFinished(this, done);
    }
  }
}
