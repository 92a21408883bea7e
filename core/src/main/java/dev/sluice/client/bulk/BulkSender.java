package dev.sluice.client.bulk;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.MessageRefusedException;
import dev.sluice.client.NotAttemptedException;
import dev.sluice.client.RecipientResult;
import dev.sluice.client.ReplyAdvice;
import dev.sluice.client.ReplyHints;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpException;
import dev.sluice.client.SmtpPhase;
import dev.sluice.client.SmtpRejectedException;
import dev.sluice.codec.SmtpReply;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends many messages to one destination with exact accounting: every submitted message ends in
 * exactly one {@link Outcome.Status} — DELIVERED, REJECTED (permanent), FAILED (retries exhausted,
 * or the connection could not be set up) or UNKNOWN (sent completely, reply lost: never resent
 * unless {@link BulkConfig#atLeastOnce()}).
 *
 * <p>Backpressure: at most {@link BulkConfig#maxInFlight()} messages are between {@link #submit}
 * and their outcome; {@code submit} waits for room (never call it on an event loop). Transient
 * failures (4xx, 421, a connection lost before the end of data) are retried with exponential
 * backoff and jitter; permanent ones never are. A reply's {@link ReplyAdvice} has the last word: a
 * 4xx that retrying cannot fix (Office 365's {@code 421 4.7.66}) is not retried, and a server limit
 * ({@code 432 4.3.2}, {@code 421 4.4.2}) is waited out before the next attempt.
 *
 * <pre>{@code
 * try (BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT)) {
 *   for (Message m : messages) {
 *     sender.submit(m.envelope(), m.content()).thenAccept(o -> log(o.status()));
 *   }
 * } // close() waits until every outcome is known
 * }</pre>
 */
public final class BulkSender implements AutoCloseable {

  private final SmtpClient client;
  private final BulkConfig config;
  private final SmtpPool pool;
  private final Room room;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder unknown = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder[] recipientCounts = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private volatile boolean closing;

  private BulkSender(SmtpClient client, BulkConfig config) {
    this.client = client;
    this.config = config;
    this.pool = new SmtpPool(client, config.pool());
    this.room = new Room(config.maxInFlight());
  }

  public static BulkSender create(SmtpClient client, BulkConfig config) {
    return new BulkSender(client, config);
  }

  /** A message on its way, with the attempts made so far. */
  private final class Job {
    final Envelope envelope;
    final MessageContent content;
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    final long submittedAt = System.nanoTime();
    /** Made only when an attempt leaves recipients undecided (the common case never needs it). */
    RecipientLedger ledger;
    /** The recipients still to deliver: the whole envelope at first, then those that got a 4xx. */
    Envelope current;
    int attempts;
    /** Times the message was handed back untried (its connection failed for another reason). */
    int notAttempted;

    Job(Envelope envelope, MessageContent content) {
      this.envelope = envelope;
      this.content = content;
      this.current = envelope;
    }
  }

  /**
   * Submits a message; waits while {@link BulkConfig#maxInFlight()} messages are pending. The
   * content is retained until the outcome is known (retries need it); the caller keeps its own
   * reference.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletableFuture<Outcome> submit(Envelope envelope, MessageContent content) throws InterruptedException {
    if (closing) {
      throw new IllegalStateException("the bulk sender is closed");
    }
    room.acquire(Long.MAX_VALUE);
    return start(envelope, content);
  }

  /** Like {@link #submit} but waits at most {@code timeout}; returns null when there was no room. */
  public CompletableFuture<Outcome> trySubmit(Envelope envelope, MessageContent content, long timeout, TimeUnit unit)
      throws InterruptedException {
    if (closing) {
      throw new IllegalStateException("the bulk sender is closed");
    }
    if (!room.acquire(unit.toNanos(timeout))) {
      return null;
    }
    return start(envelope, content);
  }

  private CompletableFuture<Outcome> start(Envelope envelope, MessageContent content) {
    content.retain();
    submitted.incrementAndGet();
    pending.incrementAndGet();
    Job job = new Job(envelope, content);
    attempt(job);
    return job.outcome;
  }

  private void attempt(Job job) {
    job.attempts++;
    pool.send(job.current, job.content).whenComplete((result, error) -> settle(job, result, error));
  }

  private void settle(Job job, SendResult result, Throwable error) {
    if (error == null) {
      settleAccepted(job, result);
      return;
    }
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    SmtpException e = cause instanceof SmtpException s ? s : null;
    SendResult partial = cause instanceof SmtpRejectedException r ? r.result() : null;
    if (partial != null) {
      ledger(job).attempted(partial);
    }
    if (e instanceof NotAttemptedException && job.notAttempted++ < config.retry().maxAttempts()) {
      // Nothing of it was sent: not an attempt, and no reason to wait.
      job.attempts--;
      retries.increment();
      attempt(job);
      return;
    }
    boolean canRetry = job.attempts < config.retry().maxAttempts();
    ReplyAdvice advice = e == null ? null : ReplyHints.adviceFor(e);
    boolean hopeless = advice != null && advice.retry() == ReplyAdvice.Retry.NEVER;
    if (e == null) {
      finish(job, Outcome.Status.FAILED, partial, cause);
    } else if (e.deliveryUnknown()) {
      if (config.atLeastOnce() && canRetry) {
        retry(job, partial, e, null);
      } else {
        finish(job, Outcome.Status.UNKNOWN, partial, e);
      }
    } else if (e.isTransient() && !SmtpPool.isConnectionFatal(e) && !hopeless) {
      if (canRetry) {
        retry(job, partial, e, advice);
      } else {
        finish(job, Outcome.Status.FAILED, partial, e);
      }
    } else if (e instanceof SmtpRejectedException || e instanceof MessageRefusedException) {
      finish(job, Outcome.Status.REJECTED, partial, e);
    } else {
      finish(job, Outcome.Status.FAILED, partial, e);
    }
  }

  /**
   * The server took the message for at least one recipient. Recipients that got a 4xx go again in
   * a new transaction (RFC 5321 4.5.3.1.10): at once after {@code 452 4.5.3} (a per-transaction
   * limit, not a failure: it does not count as an attempt), after the usual backoff otherwise.
   */
  private void settleAccepted(Job job, SendResult result) {
    if (job.ledger == null && allAccepted(result)) {
      finish(job, Outcome.Status.DELIVERED, result, null);
      return;
    }
    List<String> again = ledger(job).accepted(result);
    if (again.isEmpty()) {
      finish(job, Outcome.Status.DELIVERED, result, null);
      return;
    }
    job.current = new Envelope(job.envelope.from(), again, job.envelope.dsn());
    SmtpReply first = firstTransient(result, again.get(0));
    if (tooManyRecipients(first)) {
      job.attempts--;
      retries.increment();
      attempt(job);
    } else if (job.attempts < config.retry().maxAttempts()) {
      SmtpRejectedException e = new SmtpRejectedException(SmtpPhase.RCPT, "RCPT TO:<" + again.get(0) + ">", first,
          result);
      retry(job, result, e, ReplyHints.adviceFor(e));
    } else {
      finish(job, Outcome.Status.DELIVERED, result, new SmtpRejectedException(SmtpPhase.RCPT,
          "RCPT TO:<" + again.get(0) + ">", first, result));
    }
  }

  private static RecipientLedger ledger(Job job) {
    if (job.ledger == null) {
      job.ledger = new RecipientLedger(job.envelope.recipients());
    }
    return job.ledger;
  }

  private static boolean allAccepted(SendResult result) {
    for (RecipientResult r : result.recipients()) {
      if (!r.accepted()) {
        return false;
      }
    }
    return true;
  }

  /** Each recipient's outcome when no attempt left any undecided: all share the message's. */
  private static List<RecipientOutcome> sameFor(Job job, Outcome.Status status, SendResult result) {
    List<String> addresses = job.envelope.recipients();
    List<RecipientResult> replies = result == null ? List.of() : result.recipients();
    List<RecipientOutcome> out = new java.util.ArrayList<>(addresses.size());
    for (int i = 0; i < addresses.size(); i++) {
      String a = addresses.get(i);
      SmtpReply reply = i < replies.size() && replies.get(i).address().equals(a) ? replies.get(i).reply() : null;
      out.add(new RecipientOutcome(a, status, reply));
    }
    return out;
  }

  private static SmtpReply firstTransient(SendResult result, String address) {
    for (RecipientResult r : result.recipients()) {
      if (r.address().equals(address)) {
        return r.reply();
      }
    }
    throw new IllegalStateException("no reply for " + address);
  }

  /** RFC 5321 4.5.3.1.10: 452 (with 4.5.3 when enhanced codes are used) = too many recipients. */
  private static boolean tooManyRecipients(SmtpReply reply) {
    return reply.code() == 452 && (reply.enhancedStatus() == null || reply.enhancedStatus().is(4, 5, 3));
  }

  private void retry(Job job, SendResult partial, SmtpException e, ReplyAdvice advice) {
    retries.increment();
    long delay = config.retry().delayAfter(job.attempts, advice).toNanos();
    if (config.listener() != null) {
      config.listener().retry(new Outcome(Outcome.Status.FAILED, job.envelope, partial, e, job.attempts), delay);
    }
    client.group().next().schedule(() -> attempt(job), delay, TimeUnit.NANOSECONDS);
  }

  private void finish(Job job, Outcome.Status requested, SendResult result, Throwable error) {
    // Delivered to some recipients in an earlier attempt: the message is delivered; the rest say why not.
    Outcome.Status status;
    List<RecipientOutcome> recipients;
    if (job.ledger == null) {
      status = requested;
      recipients = sameFor(job, requested, result);
    } else {
      status = job.ledger.anyDelivered() ? Outcome.Status.DELIVERED : requested;
      recipients = job.ledger.close(
          requested == Outcome.Status.DELIVERED && error != null ? Outcome.Status.FAILED : requested);
    }
    for (RecipientOutcome r : recipients) {
      recipientCounts[r.status().ordinal()].increment();
    }
    switch (status) {
      case DELIVERED -> delivered.increment();
      case REJECTED -> rejected.increment();
      case FAILED -> failed.increment();
      case UNKNOWN -> unknown.increment();
    }
    job.content.release();
    Outcome outcome = new Outcome(status, job.envelope, result, error, job.attempts, recipients);
    if (config.listener() != null) {
      config.listener().outcome(outcome, System.nanoTime() - job.submittedAt);
    }
    room.release();
    long left = pending.decrementAndGet();
    job.outcome.complete(outcome);
    if (left == 0 && closing) {
      drained.complete(null);
    }
  }

  public BulkStats stats() {
    return new BulkStats(submitted.get(), delivered.sum(), rejected.sum(), failed.sum(), unknown.sum(),
        pending.get(), retries.sum(), pool.stats(), new BulkStats.Recipients(recipientCounts[0].sum(),
        recipientCounts[1].sum(), recipientCounts[2].sum(), recipientCounts[3].sum()));
  }

  public SmtpPool pool() {
    return pool;
  }

  /** Takes no new messages; completes when every submitted one has its outcome and the pool is closed. */
  public CompletableFuture<Void> closeGracefully() {
    closing = true;
    if (pending.get() == 0) {
      drained.complete(null);
    }
    return drained.thenCompose(v -> pool.closeGracefully());
  }

  /**
   * {@link #closeGracefully()} and wait for it. On one of the client's event loops (in a completion
   * callback) waiting would deadlock, since that loop must finish the messages being waited for:
   * there it starts the close and returns; use {@link #closeGracefully()} to know when it is done.
   */
  @Override
  public void close() {
    CompletableFuture<Void> done = closeGracefully();
    if (!SmtpPool.onEventLoopOf(client)) {
      done.join();
    }
  }
}
