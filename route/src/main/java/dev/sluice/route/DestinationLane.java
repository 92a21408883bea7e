package dev.sluice.route;

import dev.sluice.client.MessageRefusedException;
import dev.sluice.client.ReplyAdvice;
import dev.sluice.client.ReplyHints;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpException;
import dev.sluice.client.SmtpRejectedException;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.client.bulk.PoolConfig;
import dev.sluice.client.bulk.SmtpPool;
import dev.sluice.codec.SmtpReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One destination at run time: its pool (core's {@link SmtpPool}, with connections from an
 * {@link MxConnector}), its retries and its suspension. The queue-manager half of Postfix's split:
 * it decides when a job is tried and what each reply means for each recipient; the pool and the
 * session do the SMTP.
 *
 * <p>Per recipient: an accepted RCPT with an accepted message is DELIVERED; a 5xx is REJECTED; a
 * 4xx is tried again (with only the recipients that still need it) until the retry policy runs out,
 * then FAILED; a connection lost after the final dot is UNKNOWN. A destination whose every MX host
 * refused the connection (connect failure, 421 or other 4xx greeting) is suspended: its jobs wait,
 * without spending attempts, for a pause that doubles each time, up to the configured maximum.
 */
final class DestinationLane {

  private final Router router;
  private final DestinationKey key;
  private final List<ConnectionCap> caps;
  private final SmtpPool pool;
  private final MxConnector connector;
  private volatile List<MxHost> hosts;
  /** The domains this destination has carried mail for, with their policies (for TLS reports). */
  private final java.util.Map<String, dev.sluice.route.tls.TlsPolicy> policies =
      new java.util.concurrent.ConcurrentHashMap<>();

  // guarded by this
  private long suspendedUntil;
  private int suspensions;
  private int jobs;
  private long idleSince = System.nanoTime();
  private boolean retired;

  DestinationLane(Router router, DestinationKey key, List<MxHost> hosts, PoolConfig pool, List<ConnectionCap> caps) {
    this.router = router;
    this.key = key;
    this.hosts = List.copyOf(hosts);
    this.caps = caps;
    this.connector = new MxConnector(router, this);
    this.pool = new SmtpPool(router.group(), connector, pool);
  }

  DestinationKey key() {
    return key;
  }

  List<MxHost> hosts() {
    return hosts;
  }

  /** Notes that mail for {@code domain} under {@code policy} goes through this destination. */
  void serves(String domain, dev.sluice.route.tls.TlsPolicy policy) {
    policies.put(domain, policy);
  }

  java.util.Map<String, dev.sluice.route.tls.TlsPolicy> policies() {
    return policies;
  }

  List<ConnectionCap> caps() {
    return caps;
  }

  SmtpPool pool() {
    return pool;
  }

  /** Takes a job; false when the lane was retired meanwhile (the caller makes a new one). */
  boolean submit(Delivery.Job job, List<MxHost> latestHosts) {
    synchronized (this) {
      if (retired) {
        return false;
      }
      jobs++;
    }
    hosts = List.copyOf(latestHosts); // addresses may have changed since the last message (TTL)
    attempt(job);
    return true;
  }

  private void attempt(Delivery.Job job) {
    long wait;
    synchronized (this) {
      wait = suspendedUntil - System.nanoTime();
    }
    if (wait > 0) {
      router.group().next().schedule(() -> attempt(job), wait, TimeUnit.NANOSECONDS);
      return;
    }
    Delivery.Job run = new Delivery.Job(job.delivery, job.rcpts, job.attempts + 1);
    pool.send(run.envelope, run.delivery.content, s -> run.session = s)
        .whenComplete((result, error) -> settle(run, result, error));
  }

  private void settle(Delivery.Job job, SendResult result, Throwable error) {
    MxConnector.Reached at = connector.reached(job.session);
    List<Delivery.Rcpt> again = new ArrayList<>();
    SmtpReply lastReply = null;
    String lastDetail = null;
    ReplyAdvice advice = null;
    if (error == null) {
      for (int i = 0; i < job.rcpts.size(); i++) {
        Delivery.Rcpt r = job.rcpts.get(i);
        SmtpReply rcpt = result.recipients().get(i).reply();
        if (rcpt.isPositive()) {
          job.delivery.settle(r, Outcome.Status.DELIVERED, result.dataReply(), at, "delivered", job.attempts);
        } else if (rcpt.isTransientFailure()) {
          again.add(r);
          lastReply = rcpt;
        } else {
          job.delivery.settle(r, Outcome.Status.REJECTED, rcpt, at, "permanent: RCPT rejected", job.attempts);
        }
      }
    } else {
      Throwable cause = unwrap(error);
      SmtpException e = cause instanceof SmtpException s ? s : null;
      advice = e == null ? null : ReplyHints.adviceFor(e);
      boolean hopeless = advice != null && advice.retry() == ReplyAdvice.Retry.NEVER;
      if (cause instanceof DestinationUnreachableException) {
        suspend();
        at = null;
      }
      if (cause instanceof SmtpRejectedException rej && rej.result() != null
          && rej.result().recipients().size() == job.rcpts.size()) {
        // The transaction got as far as RCPT: each recipient's reply decides, then the data's.
        for (int i = 0; i < job.rcpts.size(); i++) {
          Delivery.Rcpt r = job.rcpts.get(i);
          SmtpReply rcpt = rej.result().recipients().get(i).reply();
          SmtpReply decisive = rcpt.isPositive() ? rej.reply() : rcpt;
          if (decisive.isTransientFailure() && !hopeless) {
            again.add(r);
            lastReply = decisive;
          } else {
            job.delivery.settle(r, Outcome.Status.REJECTED, decisive, at, "permanent: " + rej.getMessage(),
                job.attempts);
          }
        }
      } else if (e != null && e.deliveryUnknown() && !router.config().atLeastOnce()) {
        job.rcpts.forEach(r -> job.delivery.settle(r, Outcome.Status.UNKNOWN, null, job.session == null ? null
            : connector.reached(job.session), "unknown: " + e.getMessage(), job.attempts));
      } else if (cause instanceof MessageRefusedException || (e != null && !e.isTransient()) || hopeless) {
        SmtpReply reply = cause instanceof SmtpRejectedException rej ? rej.reply() : null;
        Outcome.Status status = cause instanceof SmtpRejectedException || cause instanceof MessageRefusedException
            || cause instanceof DestinationUnreachableException ? Outcome.Status.REJECTED : Outcome.Status.FAILED;
        MxConnector.Reached where = at;
        job.rcpts.forEach(r -> job.delivery.settle(r, status, reply, where, "permanent: " + cause.getMessage(),
            job.attempts));
      } else {
        again.addAll(job.rcpts);
        lastReply = cause instanceof SmtpRejectedException rej ? rej.reply() : null;
        lastDetail = cause.getMessage();
      }
    }
    if (!again.isEmpty()) {
      retryOrFail(job, again, lastReply, lastDetail, advice, at);
    }
    finishedJob();
  }

  private void retryOrFail(Delivery.Job job, List<Delivery.Rcpt> again, SmtpReply reply, String detail,
      ReplyAdvice advice, MxConnector.Reached at) {
    if (job.attempts >= router.config().retry().maxAttempts()) {
      String why = "transient, gave up after " + job.attempts + " attempt(s): "
          + (detail != null ? detail : String.valueOf(reply));
      again.forEach(r -> job.delivery.settle(r, Outcome.Status.FAILED, reply, at, why, job.attempts));
      return;
    }
    synchronized (this) {
      jobs++;
    }
    router.retried(again.size());
    long delay = router.retryDelayNanos(job.attempts, advice);
    Delivery.Job next = new Delivery.Job(job.delivery, again, job.attempts);
    router.group().next().schedule(() -> attempt(next), delay, TimeUnit.NANOSECONDS);
  }

  private void finishedJob() {
    boolean idle;
    synchronized (this) {
      idle = --jobs == 0;
      if (idle) {
        idleSince = System.nanoTime();
      }
    }
    if (idle && caps.stream().anyMatch(c -> c.waiting() > 0)) {
      // Others wait for a connection permit: this destination's idle connections give theirs back
      // now rather than at the idle timeout. Run after the pool has booked the finished message.
      router.group().next().execute(() -> {
        while (quitOneIdleConnection()) {
          // one QUIT per idle session
        }
      });
    }
  }

  private void suspend() {
    synchronized (this) {
      long now = System.nanoTime();
      if (suspendedUntil - now > 0) {
        return; // already resting: one refusal round counts once
      }
      long first = router.config().shaping().suspension().toNanos();
      long max = router.config().shaping().maxSuspension().toNanos();
      long pause = Math.min(max, first << Math.min(20, suspensions));
      suspensions++;
      suspendedUntil = now + pause;
    }
  }

  /** A connection succeeded: the destination is healthy again. */
  void connected() {
    synchronized (this) {
      suspensions = 0;
    }
  }

  void connectFailed() {
    // the pool backs off its own reconnects; suspension follows when a job fails for it
  }

  synchronized boolean suspended() {
    return suspendedUntil - System.nanoTime() > 0;
  }

  /** QUITs one session that carries nothing, if this destination has nothing to send; true if it did. */
  boolean quitOneIdleConnection() {
    synchronized (this) {
      if (jobs != 0) {
        return false;
      }
    }
    return connector.quitOneIdle();
  }

  /** Retires the lane if it has had nothing to do for {@code idleNanos}; true if it did. */
  boolean retireIfIdle(long idleNanos) {
    synchronized (this) {
      if (jobs != 0 || System.nanoTime() - idleSince < idleNanos || suspended()) {
        return false;
      }
      var stats = pool.stats();
      if (stats.open() + stats.connecting() + stats.waiting() + stats.inFlight() != 0) {
        return false;
      }
      retired = true;
    }
    pool.closeGracefully();
    return true;
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
