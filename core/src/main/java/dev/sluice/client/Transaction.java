package dev.sluice.client;

import dev.sluice.codec.BdatChunk;
import dev.sluice.codec.CommandBatch;
import dev.sluice.codec.SmtpCommands;
import dev.sluice.codec.SmtpReply;
import io.netty.handler.codec.smtp.DefaultLastSmtpContent;
import io.netty.handler.codec.smtp.LastSmtpContent;
import io.netty.handler.codec.smtp.SmtpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One message on one connection: MAIL, RCPT×n, then DATA and the data, or BDAT. Pipelined when the
 * server allows it (everything up to DATA in one write; the data, the end of data and the next
 * transaction's commands in the next), lockstep otherwise. Records every reply and ends in exactly
 * one outcome: a {@link SendResult} when the server took the message for at least one recipient, or
 * a typed {@link SmtpException}.
 */
final class Transaction implements SmtpConnection.ReplyHandler {

  /** In-memory messages up to this size are written in one piece; larger ones are streamed. */
  static final int WRITE_WHOLE_LIMIT = 1024 * 1024;

  // Reply tags: a recipient's index, or one of these.
  private static final int MAIL = -1;
  private static final int DATA = -2;
  private static final int FINAL = -3;
  private static final int LOCKSTEP_MAIL = -4;
  private static final int LOCKSTEP_RCPT_BASE = 1 << 20;

  private final Envelope envelope;
  private final MessageContent content;
  private final CompletableFuture<SendResult> result;

  private TransactionQueue queue;
  private SmtpConnection conn;
  private TransactionPlan plan;
  private SmtpReply mailReply;
  private SmtpReply[] rcptReplies;
  private SmtpReply dataReply;
  /** The DATA command itself was refused (no 354), as opposed to the end of data. */
  private boolean dataRefused;
  private boolean done;
  private SessionObserver observer;
  private TransactionEvent event;
  private long submittedAt;
  private long startedAt;
  private long size;
  private Object handle;

  Transaction(Envelope envelope, MessageContent content, CompletableFuture<SendResult> result) {
    this.envelope = envelope;
    this.content = content;
    this.result = result;
  }

  /** Reports this transaction's summary to {@code observer} when it ends (JFR {@code event} may be null). */
  void observe(SessionObserver observer, TransactionEvent event) {
    this.observer = observer;
    this.event = event;
    this.submittedAt = System.nanoTime();
    this.size = content.size().orElse(-1);
    this.handle = observer.transactionSubmitted(envelope);
  }

  CompletableFuture<SendResult> result() {
    return result;
  }

  /** Writes the transaction's commands; the queue flushes. */
  void start(TransactionQueue queue, SmtpConnection conn, TransactionPlan plan) {
    this.queue = queue;
    this.conn = conn;
    this.plan = plan;
    this.rcptReplies = new SmtpReply[plan.rcpts().size()];
    if (observer != null) {
      startedAt = System.nanoTime();
      observer.transactionWritten(handle);
    }
    if (plan.pipelined()) {
      startPipelined();
    } else {
      conn.send(plan.mail(), SmtpPhase.MAIL, false, this, LOCKSTEP_MAIL);
    }
  }

  private void startPipelined() {
    // MAIL, RCPT×n and DATA (or BDAT) leave together as one buffer; each gets its reply slot.
    List<SmtpRequest> group = new ArrayList<>(rcptReplies.length + 2);
    group.add(plan.mail());
    group.addAll(plan.rcpts());
    conn.expect(SmtpPhase.MAIL, false, this, MAIL);
    for (int i = 0; i < rcptReplies.length; i++) {
      conn.expect(SmtpPhase.RCPT, false, this, i);
    }
    if (!plan.bdat()) {
      group.add(SmtpCommands.data());
      conn.expect(SmtpPhase.DATA, false, this, DATA);
    }
    conn.write(new CommandBatch(group));
    if (plan.bdat()) {
      sendBdat();
    }
  }

  @Override
  public void onReply(int tag, SmtpReply reply, SmtpException error) {
    if (error != null) {
      fail(error);
      return;
    }
    if (tag >= LOCKSTEP_RCPT_BASE) {
      onLockstepRcpt(tag - LOCKSTEP_RCPT_BASE, reply);
    } else if (tag >= 0) {
      rcptReplies[tag] = reply;
    } else if (tag == MAIL) {
      mailReply = reply;
    } else if (tag == DATA) {
      onDataReply(reply, null);
    } else if (tag == FINAL) {
      onFinalReply(reply, null);
    } else if (tag == LOCKSTEP_MAIL) {
      onLockstepMail(reply, null);
    }
  }

  private void onLockstepMail(SmtpReply reply, Throwable error) {
    if (error != null) {
      fail(error);
      return;
    }
    mailReply = reply;
    if (!reply.isPositive()) {
      complete(false);
      return;
    }
    sendLockstepRcpt(0);
  }

  private void sendLockstepRcpt(int index) {
    conn.send(plan.rcpts().get(index), SmtpPhase.RCPT, false, this, LOCKSTEP_RCPT_BASE + index);
    conn.flush();
  }

  private void onLockstepRcpt(int index, SmtpReply reply) {
    rcptReplies[index] = reply;
    if (index + 1 < rcptReplies.length) {
      sendLockstepRcpt(index + 1);
      return;
    }
    if (acceptedRecipients() == 0) {
      complete(true); // MAIL was accepted: the server's transaction is still open
    } else if (plan.bdat()) {
      sendBdat();
    } else {
      conn.send(SmtpCommands.data(), SmtpPhase.DATA, false, this, DATA);
    }
    conn.flush();
  }

  private void onDataReply(SmtpReply reply, Throwable error) {
    if (error != null) {
      fail(error);
      return;
    }
    if (reply.isPositive()) {
      // RFC 5321 4.3.2: DATA is answered 354 or a failure. A 2xx would let the message count as
      // accepted although not one byte of it was sent; the server's state is unknown: hang up.
      ProtocolViolationException e = new ProtocolViolationException(SmtpPhase.DATA,
          "the server answered DATA with " + reply + " instead of 354; the message was not sent", null);
      fail(e);
      conn.fail(e);
      return;
    }
    if (reply.code() != 354) {
      dataReply = reply;
      dataRefused = true;
      complete(mailReply != null && mailReply.isPositive());
      return;
    }
    if (acceptedRecipients() == 0) {
      // RFC 2920 3.1: DATA can be accepted although every RCPT failed; end it at once, send nothing.
      conn.send(LastSmtpContent.EMPTY_LAST_CONTENT, SmtpPhase.FINAL_DOT, false, this, FINAL);
      queue.writingDone(this);
      return;
    }
    if (content instanceof MessageContent.InMemory m && m.profile().size() <= WRITE_WHOLE_LIMIT) {
      conn.send(new DefaultLastSmtpContent(m.retainedData()), SmtpPhase.FINAL_DOT, true, this, FINAL);
      queue.writingDone(this);
    } else {
      new ContentWriter(conn, ChunkSource.of(content), false, false, true, plan.eightBitAllowed())
          .run(() -> queue.writingDone(this), this::onFinalReply);
    }
  }

  private void sendBdat() {
    if (content instanceof MessageContent.InMemory m && m.profile().size() <= WRITE_WHOLE_LIMIT) {
      conn.send(new BdatChunk(m.retainedData(), true, plan.binary()), SmtpPhase.FINAL_DOT, true, this, FINAL);
      if (plan.pipelined()) {
        queue.writingDone(this); // the next transaction may follow in the same write (a window of them)
      }
    } else {
      new ContentWriter(conn, ChunkSource.of(content), true, plan.binary(), plan.pipelined(), plan.eightBitAllowed())
          .run(() -> { }, this::onFinalReply);
    }
  }

  private void onFinalReply(SmtpReply reply, Throwable error) {
    if (error != null) {
      fail(error);
      return;
    }
    dataReply = reply;
    // After the end of data (or BDAT LAST) the server's transaction is over, whatever the reply; a
    // rejected BDAT chunk before LAST leaves it to be reset.
    boolean open = plan.bdat() && !reply.isPositive() && mailReply != null && mailReply.isPositive();
    complete(open);
  }

  private int acceptedRecipients() {
    int n = 0;
    for (SmtpReply r : rcptReplies) {
      if (r != null && r.isPositive()) {
        n++;
      }
    }
    return n;
  }

  /** Some command of this transaction was refused (a sign to stop pipelining so far ahead). */
  private boolean troubled() {
    if (mailReply != null && !mailReply.isPositive() || dataReply != null && !dataReply.isPositive()) {
      return true;
    }
    for (SmtpReply r : rcptReplies) {
      if (r != null && !r.isPositive()) {
        return true;
      }
    }
    return false;
  }

  private SendResult snapshot() {
    List<RecipientResult> recipients = new ArrayList<>(rcptReplies.length);
    for (int i = 0; i < rcptReplies.length; i++) {
      if (rcptReplies[i] != null) {
        recipients.add(new RecipientResult(envelope.recipients().get(i), rcptReplies[i]));
      }
    }
    return new SendResult(mailReply, recipients, dataReply, plan != null && plan.bdat());
  }

  private void complete(boolean serverTransactionOpen) {
    if (done) {
      return;
    }
    done = true;
    SendResult outcome = snapshot();
    queue.finished(this, serverTransactionOpen, troubled());
    content.release();
    SmtpException rejection = rejection(outcome);
    if (observer != null) {
      int accepted = acceptedRecipients();
      report(rejection != null ? TransactionSummary.Result.REJECTED : accepted == rcptReplies.length
          ? TransactionSummary.Result.ACCEPTED : TransactionSummary.Result.PARTIAL, accepted, rejection);
    }
    if (rejection == null) {
      result.complete(outcome);
    } else {
      result.completeExceptionally(rejection);
    }
  }

  /** Fails the transaction because the connection failed (or, before start, could not be used). */
  void fail(Throwable error) {
    if (done) {
      return;
    }
    done = true;
    if (queue != null) {
      queue.finished(this, false, true);
    }
    content.release();
    SmtpException e = closingReply();
    if (e == null) {
      e = conn != null ? conn.classify(error, SmtpPhase.MAIL) : (SmtpException) Futures.unwrap(error);
    }
    if (observer != null) {
      report(e instanceof SmtpRejectedException || e instanceof MessageRefusedException
          ? TransactionSummary.Result.REJECTED : TransactionSummary.Result.FAILED,
          rcptReplies == null ? 0 : acceptedRecipients(), e);
    }
    result.completeExceptionally(e);
  }

  /**
   * A 421 to MAIL or RCPT closes the connection, which fails the rest of the pipelined commands;
   * the 421 is the real answer and is reported as such.
   */
  private SmtpException closingReply() {
    if (mailReply != null && mailReply.code() == 421) {
      return new SmtpRejectedException(SmtpPhase.MAIL, describe(plan.mail()), mailReply, snapshot());
    }
    for (int i = 0; rcptReplies != null && i < rcptReplies.length; i++) {
      if (rcptReplies[i] != null && rcptReplies[i].code() == 421) {
        return new SmtpRejectedException(SmtpPhase.RCPT, describe(plan.rcpts().get(i)), rcptReplies[i], snapshot());
      }
    }
    return null;
  }

  private SmtpException rejection(SendResult outcome) {
    if (mailReply != null && !mailReply.isPositive()) {
      return new SmtpRejectedException(SmtpPhase.MAIL, describe(plan.mail()), mailReply, outcome);
    }
    if (rcptReplies.length > 0 && rcptReplies[0] != null && acceptedRecipients() == 0) {
      int pick = 0;
      for (int i = 0; i < rcptReplies.length; i++) {
        if (rcptReplies[i] != null && rcptReplies[i].isTransientFailure()) {
          pick = i;
          break;
        }
      }
      return new SmtpRejectedException(SmtpPhase.RCPT, describe(plan.rcpts().get(pick)), rcptReplies[pick], outcome);
    }
    if (dataReply != null && !dataReply.isPositive()) {
      SmtpPhase phase = plan.bdat() ? SmtpPhase.BDAT : dataRefused ? SmtpPhase.DATA : SmtpPhase.FINAL_DOT;
      return new SmtpRejectedException(phase, plan.bdat() ? "BDAT" : dataRefused ? "DATA" : "end of data",
          dataReply, outcome);
    }
    return null;
  }

  private void report(TransactionSummary.Result how, int accepted, SmtpException failure) {
    long now = System.nanoTime();
    long begun = startedAt != 0 ? startedAt : now;
    observer.transaction(new TransactionSummary(how, size, envelope.recipients().size(), accepted,
        begun - submittedAt, now - begun, failure), event, handle);
  }

  private static String describe(SmtpRequest request) {
    return request.command().name() + " " + String.join(" ", request.parameters());
  }
}
