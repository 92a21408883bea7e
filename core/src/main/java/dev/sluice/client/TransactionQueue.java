package dev.sluice.client;

import dev.sluice.codec.SmtpCommands;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Orders a session's transactions. One transaction writes at a time (holds the "write gate"); with
 * PIPELINING and DATA it hands the gate on as soon as its end of data is written, so the next
 * transaction's MAIL/RCPT/DATA go out in the same flush as that end of data — one round trip per
 * message. BDAT and lockstep transactions hand it on when they finish. A transaction that ends
 * with the server's transaction still open (MAIL accepted, nothing delivered) makes the next one
 * start with RSET.
 *
 * <p>Event loop only.
 */
final class TransactionQueue {

  /** A transaction with the plan it was prepared with. */
  private record Queued(Transaction tx, TransactionPlan plan) {}

  private final SmtpConnection conn;
  private final ArrayDeque<Queued> waiting = new ArrayDeque<>();
  private final Set<Transaction> started = new LinkedHashSet<>();
  private Transaction writer;
  private boolean needsReset;
  private final ArrayDeque<Runnable> idleWaiters = new ArrayDeque<>();
  private final TransactionWindow window;
  /** The transaction started last: only its open server transaction is not covered by a later RSET. */
  private Transaction lastStarted;
  private TransactionPlan lastPlan;
  private boolean pumping;

  TransactionQueue(SmtpConnection conn) {
    this(conn, 1);
  }

  TransactionQueue(SmtpConnection conn, int bdatWindow) {
    this.conn = conn;
    this.window = new TransactionWindow(bdatWindow);
    conn.onClose(this::failAll);
  }

  void submit(Transaction tx, TransactionPlan plan) {
    waiting.add(new Queued(tx, plan));
    pump();
  }

  /** Waiting plus started-and-unfinished transactions. */
  int size() {
    return waiting.size() + started.size();
  }

  boolean isIdle() {
    return waiting.isEmpty() && started.isEmpty();
  }

  /** Runs {@code r} once the queue is (or becomes) idle, or the connection fails. */
  void whenIdle(Runnable r) {
    if (isIdle()) {
      r.run();
    } else {
      idleWaiters.add(r);
    }
  }

  private void runIdleWaiters() {
    while (isIdle() && !idleWaiters.isEmpty()) {
      idleWaiters.poll().run();
    }
  }

  /** {@code tx} has written everything it will write: the next one may start. */
  void writingDone(Transaction tx) {
    if (writer == tx) {
      writer = null;
      if (!pumping) {
        pump();
      }
    }
  }

  /** The current window of unanswered BDAT transactions (for tests and diagnostics). */
  int window() {
    return window.size();
  }

  /**
   * {@code tx} has its outcome.
   *
   * @param troubled a command of it was refused, or the connection failed
   */
  void finished(Transaction tx, boolean serverTransactionOpen, boolean troubled) {
    started.remove(tx);
    if (troubled) {
      window.troubled();
    } else {
      window.clean();
    }
    // A transaction written after tx began with RSET, which closed whatever tx left open.
    if (serverTransactionOpen && tx == lastStarted) {
      needsReset = true;
    }
    if (writer == tx) {
      writer = null;
    }
    pump();
    runIdleWaiters();
  }

  private void pump() {
    pumping = true;
    try {
      pumpLoop();
    } finally {
      pumping = false;
    }
    conn.flush();
  }

  private void pumpLoop() {
    while (writer == null && !waiting.isEmpty() && conn.isHealthy()) {
      Queued next = waiting.peek();
      boolean behind = !started.isEmpty();
      if (behind && windowed(next.plan()) && started.size() >= window.size()) {
        break;
      }
      waiting.poll();
      writer = next.tx();
      started.add(next.tx());
      // Behind an unanswered BDAT transaction, which may yet leave the server's transaction open.
      boolean resetFirst = behind && lastPlan != null && windowed(lastPlan);
      lastStarted = next.tx();
      lastPlan = next.plan();
      if (resetFirst) {
        needsReset = false;
        resetThen(null);
      } else if (needsReset) {
        needsReset = false;
        if (next.plan().pipelined()) {
          resetThen(null);
        } else {
          resetThen(() -> next.tx().start(this, conn, next.plan()));
          break;
        }
      }
      next.tx().start(this, conn, next.plan());
    }
  }

  /** Whether {@code plan} may go out while transactions before it are unanswered. */
  private static boolean windowed(TransactionPlan plan) {
    return plan.bdat() && plan.pipelined();
  }

  /** Sends RSET; a refusal means we no longer know the server's state: the connection is dropped. */
  private void resetThen(Runnable then) {
    conn.send(SmtpCommands.rset(), SmtpPhase.RSET).whenComplete((reply, error) -> {
      // A 421 is the connection's business (it fails what is pending as transient).
      if (error == null && !reply.isPositive() && reply.code() != 421) {
        conn.fail(new ProtocolViolationException(SmtpPhase.RSET, "RSET refused: " + reply, null));
      } else if (error == null && then != null) {
        then.run();
        conn.flush();
      }
    });
  }

  /**
   * The connection failed. A started transaction fails with the connection's error (restated when
   * it belongs to another message, e.g. that one's 8-bit refusal: only the one writing, which the
   * refusal is about, gets it as it is); one that never started gets a
   * {@link NotAttemptedException}: nothing of it was sent, another connection can take it.
   */
  private void failAll(SmtpException cause) {
    Transaction writing = writer;
    List<Transaction> begun = new ArrayList<>(started);
    List<Transaction> notBegun = new ArrayList<>(waiting.size());
    for (Queued q : waiting) {
      notBegun.add(q.tx());
    }
    waiting.clear();
    started.clear();
    writer = null;
    SmtpException lost = cause.deliveryUnknown() || cause instanceof MessageRefusedException
        ? new ConnectionLostException(cause.phase(), "the connection was dropped: " + cause.getMessage(), false, cause)
        : cause;
    for (Transaction tx : begun) {
      tx.fail(tx == writing && cause instanceof MessageRefusedException ? cause : lost);
    }
    SmtpException notAttempted = new NotAttemptedException(cause);
    for (Transaction tx : notBegun) {
      tx.fail(notAttempted);
    }
    runIdleWaiters();
  }
}
