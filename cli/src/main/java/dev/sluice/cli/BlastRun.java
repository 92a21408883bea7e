package dev.sluice.cli;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.bulk.BulkSender;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * Submits a blast's messages, closed loop (as fast as the bulk sender takes them: the default) or
 * open loop ({@code --rate}: message i is due at start + i/R whatever the replies do), and records
 * each message's end-to-end latency, submitted to outcome, queueing in the client included.
 *
 * <p>Open loop records from the <em>intended</em> send time, not from when {@code submit} returned:
 * when the server (or the client's in-flight limit) stalls the generator, the messages that should
 * have gone out meanwhile are late by the stall, and that lateness is what a user waiting for them
 * would see. Measuring from the actual submission instead hides it ("coordinated omission"; wrk2 and
 * HdrHistogram correct for it the same way).
 */
final class BlastRun {

  private final BulkSender sender;
  private final MessageSource source;
  private final Envelope envelope;
  private final Recorder endToEnd;
  private long next;

  /** @param endToEnd where end-to-end latencies go, in microseconds */
  BlastRun(BulkSender sender, MessageSource source, Envelope envelope, Recorder endToEnd) {
    this.sender = sender;
    this.source = source;
    this.envelope = envelope;
    this.endToEnd = endToEnd;
  }

  /** Messages submitted so far. */
  long submitted() {
    return next;
  }

  /** Submits {@code count} messages as fast as they are taken. */
  void closedLoop(long count, Progress progress) throws InterruptedException {
    for (long i = 0; i < count; i++) {
      submit(-1, progress);
    }
  }

  /** Submits messages as fast as they are taken until {@code duration} has passed. */
  void closedLoop(Duration duration, Progress progress) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() - end < 0) {
      submit(-1, progress);
    }
  }

  /** Submits {@code count} messages, message i at start + i/rate. */
  void openLoop(long count, double rate, Progress progress) throws InterruptedException {
    long start = System.nanoTime();
    double interval = 1e9 / rate;
    for (long i = 0; i < count; i++) {
      long due = start + (long) (i * interval);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
      submit(due, progress);
    }
  }

  /** Submits one message; {@code due} is its intended time, or -1 for "now". */
  private void submit(long due, Progress progress) throws InterruptedException {
    MessageContent m = source.message(next++);
    try {
      var outcome = sender.submit(envelope, m);
      long from = due >= 0 ? due : System.nanoTime();
      outcome.whenComplete((o, e) -> endToEnd.recordValue(Math.max(1, (System.nanoTime() - from) / 1000)));
    } finally {
      m.release();
    }
    if ((next & 1023) == 0) {
      progress.update(sender.stats().finished());
    }
  }

  /** Waits until every submitted message has its outcome. */
  void awaitOutcomes(long finished, Progress progress) throws InterruptedException {
    while (sender.stats().finished() < finished) {
      progress.update(sender.stats().finished());
      Thread.sleep(5);
    }
    progress.update(sender.stats().finished());
  }
}
