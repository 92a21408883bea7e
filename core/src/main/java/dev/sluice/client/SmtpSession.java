package dev.sluice.client;

import dev.sluice.codec.SmtpCommands;
import dev.sluice.codec.SmtpReply;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;

/**
 * An SMTP session, set up and ready for transactions. Thread-safe: every method may be called from
 * any thread and hands its work to the connection's event loop. Several messages may be in flight
 * at once; they are pipelined when the server allows it.
 *
 * <p>Futures complete on the connection's event loop: do not block in their callbacks (use the
 * {@code *Async} variants to move work elsewhere).
 */
public final class SmtpSession implements AutoCloseable {

  private final SmtpConnection conn;
  private final SessionInfo info;
  private final SmtpClientConfig config;
  private final EventLoop loop;
  private final TransactionQueue queue;
  private final SessionObserver observer;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile boolean quitting;

  SmtpSession(SmtpConnection conn, SessionInfo info, SmtpClientConfig config, SessionObserver observer) {
    this.observer = observer;
    this.conn = conn;
    this.info = info;
    this.config = config;
    this.loop = conn.channel().eventLoop();
    this.queue = new TransactionQueue(conn, config.bdatWindow());
    conn.channel().closeFuture().addListener(f -> closed.complete(null));
  }

  /** The event loop this session's connection runs on. */
  EventLoop eventLoop() {
    return loop;
  }

  /** What the session learned while it was set up (capabilities, TLS, authentication). */
  public SessionInfo info() {
    return info;
  }

  /** True while the session can take new messages. */
  public boolean isUsable() {
    return !quitting && conn.failure() == null && conn.channel().isActive();
  }

  /** Messages submitted and not finished yet. */
  public int inFlight() {
    return queue.size();
  }

  /** Completes when the connection is closed, for whatever reason. */
  public CompletableFuture<Void> closeFuture() {
    return closed;
  }

  /** Why the session ended, if it ended in failure; null otherwise. */
  public SmtpException failure() {
    return conn.failure();
  }

  /**
   * Sends one message. Completes with the server's word on each recipient when the message was
   * accepted for at least one of them; fails with {@link SmtpRejectedException} when it was
   * accepted for none, {@link MessageRefusedException} when the server cannot take it (checked
   * before anything is sent), or another {@link SmtpException} when the connection failed.
   *
   * <p>The content is retained for the send and released when it ends; the caller keeps its own
   * reference (and may send the same content to other envelopes).
   */
  public CompletableFuture<SendResult> send(Envelope envelope, MessageContent content) {
    CompletableFuture<SendResult> result = new CompletableFuture<>();
    content.retain();
    Transaction tx = new Transaction(envelope, content, result);
    if (observer.watchesTransactions()) {
      tx.observe(observer, SessionObserver.newTransactionEvent());
    }
    if (content instanceof MessageContent.FromFile f && !f.sizeKnown()) {
      // Its size (for SIZE=) is a file-system call: made here or on a blocking thread, never on a loop.
      if (io.netty.util.internal.ThreadExecutorMap.currentExecutor() == null) {
        f.size();
      } else {
        BlockingIo.EXECUTOR.execute(() -> {
          f.size();
          loop.execute(() -> submit(tx, envelope, content));
        });
        return result;
      }
    }
    if (loop.inEventLoop()) {
      submit(tx, envelope, content);
    } else {
      loop.execute(() -> submit(tx, envelope, content));
    }
    return result;
  }

  private void submit(Transaction tx, Envelope envelope, MessageContent content) {
    SmtpException unusable = unusable();
    if (unusable != null) {
      tx.fail(unusable);
      return;
    }
    TransactionPlan plan;
    try {
      plan = TransactionPlan.of(envelope, content, info.capabilities(), config);
    } catch (MessageRefusedException | IllegalArgumentException e) {
      tx.fail(e instanceof SmtpException s ? s
          : new MessageRefusedException(MessageRefusedException.Reason.TOO_LARGE, e.getMessage(), ""));
      return;
    }
    queue.submit(tx, plan);
  }

  private SmtpException unusable() {
    if (conn.failure() != null) {
      // Nothing of this message reached the wire: another connection may take it (a pool can hand a
      // message to a session in the instant its connection fails, e.g. on another message's refusal).
      return new NotAttemptedException(conn.failure());
    }
    if (quitting || !conn.channel().isActive()) {
      return new ConnectionLostException(SmtpPhase.MAIL, "the session is closed", false, null);
    }
    return null;
  }

  /** NOOP: a liveness check. Completes with the reply (250 when all is well). */
  public CompletableFuture<SmtpReply> noop() {
    return command(SmtpCommands.noop(), SmtpPhase.NOOP);
  }

  /** RSET: aborts nothing of ours (it waits for in-flight messages) and clears the server's state. */
  public CompletableFuture<SmtpReply> reset() {
    return command(SmtpCommands.rset(), SmtpPhase.RSET);
  }

  private CompletableFuture<SmtpReply> command(io.netty.handler.codec.smtp.SmtpRequest request, SmtpPhase phase) {
    CompletableFuture<SmtpReply> reply = new CompletableFuture<>();
    loop.execute(() -> {
      SmtpException unusable = unusable();
      if (unusable != null) {
        reply.completeExceptionally(unusable);
        return;
      }
      queue.whenIdle(() -> {
        conn.send(request, phase).whenComplete((r, e) -> {
          if (e != null) {
            reply.completeExceptionally(e);
          } else {
            reply.complete(r);
          }
        });
        conn.flush();
      });
    });
    return reply;
  }

  /**
   * Ends the session politely: waits for the messages in flight, sends QUIT, waits for the reply
   * (or the server closing), closes. New sends fail from now on.
   */
  public CompletableFuture<Void> quit() {
    quitting = true;
    loop.execute(() -> queue.whenIdle(() -> {
      if (!conn.isHealthy()) {
        conn.channel().close();
        return;
      }
      conn.expectClose();
      conn.send(SmtpCommands.quit(), SmtpPhase.QUIT).whenComplete((r, e) -> conn.channel().close());
      conn.flush();
    }));
    return closed;
  }

  /** Closes the connection now; messages in flight fail (see {@link SmtpException#deliveryUnknown()}). */
  @Override
  public void close() {
    quitting = true;
    loop.execute(() -> conn.fail(new ConnectionLostException(SmtpPhase.QUIT, "the session was closed", false, null)));
  }

  @Override
  public String toString() {
    return "SmtpSession[" + config.host() + ":" + config.port() + (info.isTls() ? ", " + info.tls().protocol() : "")
        + (info.authenticatedUser() != null ? ", as " + info.authenticatedUser() : "") + "]";
  }
}
