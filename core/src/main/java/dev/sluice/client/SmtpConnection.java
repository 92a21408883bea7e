package dev.sluice.client;

import dev.sluice.codec.SmtpProtocolException;
import dev.sluice.codec.SmtpReply;
import dev.sluice.codec.SmtpReplyDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * The last handler of a client connection: writes commands and matches every reply to the command
 * it answers. A FIFO holds one slot per reply expected; each reply completes the oldest slot. A
 * reply nobody waits for is a protocol violation; {@code 421} completes its slot and then fails
 * everything else (the server is closing).
 *
 * <p>Timeouts: one watchdog task per connection, on the connection's own event loop. The oldest
 * slot gets its deadline when it becomes the oldest (a pipelined RCPT waits for nothing while MAIL
 * is still being answered); while message data is being written, each chunk the socket accepts
 * pushes the progress deadline out. The watchdog wakes at least every {@link Timeouts#shortest()},
 * so no deadline is missed, without a timer per command.
 *
 * <p>No reply may predate its command. Each slot remembers how much had been received when it was
 * opened (just before its command is written): bytes in the reply decoder's stream and raw bytes
 * from the socket ({@link Arrivals}). A reply that begins inside what had already been received,
 * or that completes without one new raw byte since, was sent before the server could have read
 * the command: it is unsolicited and the connection ends with a {@link ProtocolViolationException}
 * before anything more is flushed. STARTTLS's "zero buffered bytes at the 220" is the same rule
 * at one command. The cost is two longs per slot and two comparisons per reply.
 *
 * <p>Everything here runs on the event loop; nothing blocks.
 */
final class SmtpConnection extends ChannelInboundHandlerAdapter {

  /**
   * Receives the reply to one command, or the error that ended the connection before it came.
   * The {@code tag} is the one given with the command, so one object can handle many replies
   * without a closure (or a future) per command.
   */
  interface ReplyHandler {
    void onReply(int tag, SmtpReply reply, SmtpException error);
  }

  /** A future that is also a handler: for the phases that chain futures. */
  private static final class FutureReply extends CompletableFuture<SmtpReply> implements ReplyHandler {
    @Override
    public void onReply(int tag, SmtpReply reply, SmtpException error) {
      if (error != null) {
        completeExceptionally(error);
      } else {
        complete(reply);
      }
    }
  }

  /** One expected reply, with what had been received when it was opened. */
  private static final class Slot {
    final ReplyHandler handler;
    final int tag;
    final SmtpPhase phase;
    final boolean completesMessage;
    final long opened;
    final long receivedBefore;
    final long arrivedBefore;
    /** The end of data this slot answers has left for the socket (only then can delivery be unknown). */
    boolean endWritten;

    Slot(ReplyHandler handler, int tag, SmtpPhase phase, boolean completesMessage, long opened,
        long receivedBefore, long arrivedBefore) {
      this.handler = handler;
      this.tag = tag;
      this.phase = phase;
      this.completesMessage = completesMessage;
      this.opened = opened;
      this.receivedBefore = receivedBefore;
      this.arrivedBefore = arrivedBefore;
    }

    /** Delivery is unknown only when the end of data was written and its reply did not come. */
    boolean unknownIfLost() {
      return completesMessage && endWritten;
    }
  }

  private final Timeouts timeouts;
  private final WireTrace trace;
  private final SmtpMetrics metrics;
  private final long watchdogPeriodNanos;
  private final ArrayDeque<Slot> slots = new ArrayDeque<>();
  private final List<Consumer<SmtpException>> closeListeners = new ArrayList<>(2);
  private StreamListener stream;

  private ChannelHandlerContext ctx;
  private SmtpReplyDecoder decoder;
  private Arrivals arrivals;
  private long headDeadline;
  private long progressDeadline = Long.MAX_VALUE;
  private SmtpPhase progressPhase;
  private ScheduledFuture<?> watchdog;
  private boolean dirty;
  /** Between a reply and the end of the read it came in: flushing waits for that end. */
  private boolean reading;
  private boolean flushQueued;
  private final Runnable afterRead = this::afterRead;
  private boolean closingCleanly;
  /** The server answered 421: it is closing and took nothing after that reply. */
  private boolean serverClosing;
  /** TLS was started by STARTTLS (so a cleartext answer to the handshake is not a wrong-port hint). */
  private boolean startTlsUsed;
  private SmtpException failure;
  /**
   * A socket error (a write into a reset connection): nothing more is written, and the connection
   * fails once the replies already in the socket have been read (the reset closes it), or after
   * {@link #IO_FAILURE_GRACE_MILLIS} if no close follows.
   */
  private Throwable ioFailure;
  private ScheduledFuture<?> ioFailureDeadline;
  private static final long IO_FAILURE_GRACE_MILLIS = 1000;
  /**
   * Set by {@link #failAfterOwedReplies}: nothing more is written or flushed, the replies owed to
   * messages whose end of data already left are awaited, then the connection fails with this.
   */
  private volatile SmtpException draining; // read by pools on other threads (SmtpSession.isUsable)
  private long lastReplyAt;

  SmtpConnection(Timeouts timeouts, WireTrace trace, SmtpMetrics metrics) {
    this.timeouts = timeouts;
    this.trace = trace;
    this.metrics = metrics;
    this.watchdogPeriodNanos = timeouts.shortest().toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.decoder = ctx.pipeline().get(SmtpReplyDecoder.class);
    this.arrivals = ctx.pipeline().get(Arrivals.class);
  }

  Channel channel() {
    return ctx.channel();
  }

  ChannelHandlerContext context() {
    return ctx;
  }

  /** STARTTLS was accepted and the handshake begins. */
  void startTlsUsed() {
    startTlsUsed = true;
  }

  /** QUIT was sent: the connection closing from now on is the expected end, not a failure. */
  void expectClose() {
    closingCleanly = true;
  }

  /** True when the connection ended as expected, after QUIT. */
  boolean closedCleanly() {
    return closingCleanly && failure instanceof ConnectionLostException;
  }

  /** Tells the wire trace, if there is one, about an event. */
  void trace(String event) {
    if (trace != null) {
      trace.event(event);
    }
  }

  Timeouts timeouts() {
    return timeouts;
  }

  /** The failure that ended (or, while owed replies are awaited, is ending) this connection; null while healthy. */
  SmtpException failure() {
    return failure != null ? failure : draining;
  }

  boolean isHealthy() {
    return failure == null && draining == null && ioFailure == null && ctx.channel().isActive();
  }

  int pendingReplies() {
    return slots.size();
  }

  /** Received bytes not yet decoded into a reply (must be zero when STARTTLS is answered). */
  int bufferedBytes() {
    return decoder.bufferedBytes();
  }

  /** Writes {@code command} (not flushed) and returns the future of its reply. */
  CompletableFuture<SmtpReply> send(Object command, SmtpPhase phase) {
    return send(command, phase, false);
  }

  /**
   * Writes a command whose reply decides a whole message ({@code completesMessage}: the final dot,
   * BDAT LAST): if the connection dies before that reply, the outcome is unknown.
   */
  CompletableFuture<SmtpReply> send(Object command, SmtpPhase phase, boolean completesMessage) {
    FutureReply reply = new FutureReply();
    send(command, phase, completesMessage, reply, 0);
    return reply;
  }

  /** Writes {@code command} (not flushed); its reply goes to {@code handler} with {@code tag}. */
  void send(Object command, SmtpPhase phase, boolean completesMessage, ReplyHandler handler, int tag) {
    Slot slot = open(phase, completesMessage, handler, tag);
    if (slot == null) {
      io.netty.util.ReferenceCountUtil.release(command); // a BDAT chunk or content: never leaked
    } else if (completesMessage) {
      // A promise for the one write per message that ends it: if the connection dies after the
      // socket took it, the server may have the message (UNKNOWN); before, it certainly has not.
      io.netty.channel.ChannelPromise written = ctx.newPromise();
      written.addListener(f -> {
        if (f.isSuccess()) {
          slot.endWritten = true;
        }
      });
      ctx.write(command, written);
      dirty = true;
    } else {
      write(command);
    }
  }

  /** Adds a slot for a reply that comes without a command (the greeting). */
  CompletableFuture<SmtpReply> expect(SmtpPhase phase, boolean completesMessage) {
    FutureReply reply = new FutureReply();
    expect(phase, completesMessage, reply, 0);
    return reply;
  }

  /**
   * Adds a slot for a reply without writing anything: the greeting, the end of data (written as
   * content), or each command of a {@link dev.sluice.codec.CommandBatch} written afterwards.
   */
  void expect(SmtpPhase phase, boolean completesMessage, ReplyHandler handler, int tag) {
    open(phase, completesMessage, handler, tag);
  }

  /** Adds a slot, or (after a failure) answers the handler at once and returns null. */
  private Slot open(SmtpPhase phase, boolean completesMessage, ReplyHandler handler, int tag) {
    if (failure != null) {
      handler.onReply(tag, null, failure.deliveryUnknown()
          ? new ConnectionLostException(phase, failure.getMessage(), false, failure) : failure);
      return null;
    }
    if (draining != null) { // nothing of this command is sent
      handler.onReply(tag, null, new ConnectionLostException(phase, "the connection is closing: "
          + draining.getMessage(), false, draining));
      return null;
    }
    if (slots.isEmpty()) {
      headDeadline = System.nanoTime() + timeouts.of(phase).toNanos();
    }
    Slot slot = new Slot(handler, tag, phase, completesMessage, metrics == null ? 0 : System.nanoTime(),
        decoder == null ? 0 : decoder.received(), arrivals == null ? -1 : arrivals.count());
    slots.add(slot);
    armWatchdog();
    return slot;
  }

  /** Writes something that gets no reply of its own (message data), not flushed. */
  void write(Object msg) {
    if (failure != null || draining != null) {
      io.netty.util.ReferenceCountUtil.release(msg);
      return;
    }
    ctx.write(msg, ctx.voidPromise());
    dirty = true;
  }

  /**
   * Flushes what was written since the last flush, if anything; never after the connection failed.
   * While replies of one read are being handled the flush waits for the end of that read
   * ({@code channelReadComplete}, or a task that runs after the read if a handler ever delivers a
   * reply without one): every reply already received is checked before anything written in answer
   * leaves, and a read's writes go out in one flush.
   */
  void flush() {
    if (!dirty || failure != null || draining != null) {
      return;
    }
    if (reading) {
      if (!flushQueued) {
        flushQueued = true;
        ctx.executor().execute(afterRead);
      }
      return;
    }
    dirty = false;
    ctx.flush();
  }

  private void afterRead() {
    flushQueued = false;
    reading = false;
    flush();
  }

  /** Flushes at once, even in the middle of a read: for a goodbye (QUIT) written just before closing. */
  void flushBeforeClose() {
    if (dirty && failure == null && draining == null) {
      dirty = false;
      ctx.flush();
    }
  }

  /** Starts (or pushes out) the data-writing progress deadline; {@code null} stops it. */
  void progress(SmtpPhase phase) {
    if (phase == null) {
      progressDeadline = Long.MAX_VALUE;
      progressPhase = null;
      return;
    }
    progressPhase = phase;
    progressDeadline = System.nanoTime() + timeouts.of(phase).toNanos();
    armWatchdog();
  }

  void onClose(Consumer<SmtpException> listener) {
    if (failure != null) {
      listener.accept(failure);
    } else {
      closeListeners.add(listener);
    }
  }

  /** Hears about writability and failure while message data streams. */
  interface StreamListener {
    void writable();

    /** The server refused the message before its end (e.g. 552 mid-stream). */
    void rejected(SmtpReply reply);

    void failed(SmtpException e);
  }

  /** Sets the one listener of the data being streamed now, or clears it ({@code null}). */
  void stream(StreamListener listener) {
    this.stream = listener;
  }

  boolean isWritable() {
    return ctx.channel().isWritable();
  }

  /**
   * Ends the connection with {@code cause}: every pending reply fails (with a timeout for the one
   * that timed out, with a lost-connection error for the rest), listeners hear of it, the channel
   * closes. Idempotent. (This client's refusal of the message being streamed goes through
   * {@link #failAfterOwedReplies}.)
   */
  void fail(SmtpException cause) {
    fail(cause, null, null);
  }

  /**
   * Ends the connection with {@code cause} (this client's refusal of the message being streamed,
   * e.g. 8-bit data for a server without 8BITMIME) once the replies owed to earlier messages have
   * come: with pipelined BDAT, messages written ahead of the refused one have their end of data on
   * the wire, and dropping the connection at once would leave their delivery UNKNOWN. The refused
   * message hears its refusal now; nothing more is written or flushed (what was written and not
   * flushed, the refused message's last chunk included, never leaves); each reply owed to a
   * message whose end of data left is awaited, under the usual reply timeout; then
   * {@link #fail(SmtpException)} with {@code cause}. With no such reply owed it fails at once.
   */
  void failAfterOwedReplies(SmtpException cause) {
    if (failure != null || draining != null) {
      return;
    }
    // Marked first, so that nothing the refused message's listeners do can start another message
    // on this connection; the refused message then hears its refusal before its own pending
    // MAIL/RCPT/chunk replies fail (as a lost connection) with the rest.
    draining = cause;
    progress(null);
    StreamListener refused = stream;
    stream = null;
    if (refused != null) {
      refused.failed(cause);
    }
    if (failure == null && (serverClosing || !owesDeliveryReply())) {
      fail(cause);
    } else if (failure == null) {
      trace("closing after the replies owed: " + cause.getMessage());
    }
  }

  /** Some message's end of data left for the server and its reply has not come. */
  private boolean owesDeliveryReply() {
    for (Slot slot : slots) {
      if (slot.unknownIfLost()) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@link #fail(SmtpException)}, telling {@code rejected} (the data being streamed) of the reply
   * that stopped it first: once the connection is marked failed, so that nothing the listener
   * does can start another message on it, and before anyone hears of the lost connection.
   */
  private void fail(SmtpException cause, StreamListener rejected, SmtpReply rejection) {
    if (failure != null) {
      return;
    }
    failure = cause;
    if (watchdog != null) {
      watchdog.cancel(false);
      watchdog = null;
    }
    if (ioFailureDeadline != null) {
      ioFailureDeadline.cancel(false);
      ioFailureDeadline = null;
    }
    if (rejected != null) {
      rejected.rejected(rejection);
    }
    List<Slot> failed = new ArrayList<>(slots);
    slots.clear();
    // A transaction whose end of data left may have been delivered, whichever of its replies is
    // missing first (with pipelined BDAT that is its MAIL or RCPT reply, not the data reply). After
    // a 421 the server took nothing more: what is unanswered was not delivered.
    java.util.Set<ReplyHandler> maybeDelivered = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    if (!serverClosing) {
      for (Slot slot : failed) {
        if (slot.unknownIfLost()) {
          maybeDelivered.add(slot.handler);
        }
      }
    }
    for (Slot slot : failed) {
      slot.handler.onReply(slot.tag, null, exceptionFor(slot, cause, maybeDelivered.contains(slot.handler)));
    }
    StreamListener streaming = stream;
    stream = null;
    if (streaming != null) {
      streaming.failed(cause);
    }
    for (Consumer<SmtpException> l : List.copyOf(closeListeners)) {
      l.accept(cause);
    }
    closeListeners.clear();
    if (metrics != null) {
      metrics.connectionClosed(closingCleanly && cause instanceof ConnectionLostException ? null : cause);
    }
    ctx.close();
  }

  /** The error a slot fails with: the cause, restated when its "delivery unknown" flag differs. */
  private static SmtpException exceptionFor(Slot slot, SmtpException cause, boolean unknown) {
    if (cause instanceof MessageRefusedException) {
      // One message's refusal (e.g. 8-bit without 8BITMIME) is not the fate of the others pending.
      return new ConnectionLostException(slot.phase, "the connection was dropped: " + cause.getMessage(),
          unknown, cause);
    }
    if (cause.deliveryUnknown() == unknown) {
      return cause;
    }
    if (cause instanceof SmtpTimeoutException t) {
      return new SmtpTimeoutException(t.phase(), t.timeout(), unknown);
    }
    return new ConnectionLostException(slot.phase, cause.getMessage(), unknown, cause);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof SmtpReply reply)) {
      io.netty.util.ReferenceCountUtil.release(msg);
      return;
    }
    if (failure != null) {
      return;
    }
    reading = true;
    Slot slot = slots.poll();
    if (slot == null) {
      StreamListener streaming = stream;
      if (streaming != null && !reply.isPositive()) {
        // RFC 5321 allows no reply before the end of data, but servers do answer a message that is
        // too large (552) mid-stream and hang up: that reply is the message's answer.
        stream = null;
        fail(new ConnectionLostException(SmtpPhase.DATA_CONTENT, "the server answered " + reply
            + " while the message data was being sent; the connection was dropped", false, null), streaming, reply);
        return;
      }
      if (reply.code() == 421) {
        fail(new ConnectionLostException(SmtpPhase.NOOP, "the server closed the connection: " + reply, false, null));
      } else {
        fail(new ProtocolViolationException(SmtpPhase.NOOP, "reply without a command: " + reply, null));
      }
      return;
    }
    if (predates(slot)) {
      slots.addFirst(slot); // it fails with the rest
      fail(new ProtocolViolationException(slot.phase, "the server sent " + reply + " as the reply to " + slot.phase
          + " before it could have read that command (it was already received when the command was written); "
          + "nothing more was sent", null));
      return;
    }
    if (!slots.isEmpty()) {
      headDeadline = System.nanoTime() + timeouts.of(slots.peek().phase).toNanos();
    }
    if (metrics != null) {
      // The server's own time on this command starts when it was written or when the reply before
      // it came, whichever is later: a pipelined RCPT is not slow because MAIL was.
      long now = System.nanoTime();
      long from = lastReplyAt == 0 || slot.opened - lastReplyAt > 0 ? slot.opened : lastReplyAt;
      lastReplyAt = now;
      metrics.reply(slot.phase, reply, now - slot.opened, now - from);
    }
    if (reply.code() == 421) {
      serverClosing = true;
    }
    slot.handler.onReply(slot.tag, reply, null);
    if (reply.code() == 421 && failure == null) {
      fail(new ConnectionLostException(slot.phase, "the server is closing the connection: " + reply, false, null));
    } else if (draining != null && failure == null && !owesDeliveryReply()) {
      fail(draining);
    }
  }

  /** The reply being delivered was made of bytes received before {@code slot}'s command was written. */
  private boolean predates(Slot slot) {
    if (decoder != null && decoder.lastReplyStart() < slot.receivedBefore) {
      return true;
    }
    return arrivals != null && arrivals.count() == slot.arrivedBefore;
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    flush();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && stream != null) {
      stream.writable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail(ioFailure != null ? classify(ioFailure, currentPhase())
        : new ConnectionLostException(currentPhase(), "the server closed the connection", false, null));
    ctx.fireChannelInactive();
  }

  /**
   * A socket error is not acted on until the replies already in the socket are read. When the
   * event loop wakes late (a loaded machine), a reply and the reset that followed it are both
   * waiting, and Netty flushes before it reads (and a write from a task fails before any read): the
   * write into the reset connection fails first. The reply (e.g. a 552 refusing the message being
   * streamed) decides the outcome; the reset only ends the connection. The failed write has shut the
   * channel's output ({@code AUTO_CLOSE} is off), the read that follows sees the reset and closes
   * the channel ({@link #channelInactive}); a deadline bounds the wait if it does not.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof java.io.IOException && failure == null && ctx.channel().isOpen()) {
      if (ioFailure == null) {
        ioFailure = cause instanceof io.netty.channel.socket.ChannelOutputShutdownException && cause.getCause() != null
            ? cause.getCause() : cause;
        ioFailureDeadline = ctx.executor().schedule(() -> fail(classify(ioFailure, currentPhase())),
            IO_FAILURE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
      }
      return;
    }
    fail(classify(cause, currentPhase()));
  }

  private SmtpPhase currentPhase() {
    Slot head = slots.peek();
    return head != null ? head.phase : progressPhase != null ? progressPhase : SmtpPhase.NOOP;
  }

  /** Maps what Netty reports to our typed errors. */
  SmtpException classify(Throwable cause, SmtpPhase phase) {
    cause = Futures.unwrap(cause);
    if (cause instanceof SmtpException e) {
      return e;
    }
    if (phase == SmtpPhase.TLS_HANDSHAKE && cause instanceof java.nio.channels.ClosedChannelException) {
      return new SmtpTlsException(SmtpTlsException.Reason.HANDSHAKE_FAILED, phase,
          "the server closed the connection during the handshake", cause);
    }
    if (cause instanceof DecoderException && cause.getCause() instanceof SSLException ssl) {
      return TlsErrors.classify(ssl, phase, startTlsUsed);
    }
    if (cause instanceof SmtpProtocolException p) {
      return new ProtocolViolationException(phase, p.getMessage(), p);
    }
    if (cause instanceof SslHandshakeTimeoutException) {
      return new SmtpTimeoutException(SmtpPhase.TLS_HANDSHAKE, timeouts.tlsHandshake(), false);
    }
    if (cause instanceof SSLException ssl) {
      return TlsErrors.classify(ssl, phase, startTlsUsed);
    }
    if (cause instanceof EncoderException && cause.getCause() instanceof IllegalArgumentException iae) {
      return new ProtocolViolationException(phase, "refused to send an invalid command: " + iae.getMessage(), iae);
    }
    return new ConnectionLostException(phase, "connection failed: " + cause, false, cause);
  }

  private void armWatchdog() {
    if (watchdog == null && failure == null) {
      watchdog = ctx.executor().schedule(this::watch, watchdogPeriodNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void watch() {
    watchdog = null;
    if (failure != null) {
      return;
    }
    long now = System.nanoTime();
    Slot head = slots.peek();
    if (head != null && now - headDeadline >= 0) {
      fail(new SmtpTimeoutException(head.phase, timeouts.of(head.phase), head.unknownIfLost()));
      return;
    }
    if (progressPhase != null && now - progressDeadline >= 0) {
      fail(new SmtpTimeoutException(progressPhase, timeouts.of(progressPhase), false));
      return;
    }
    if (head == null && progressPhase == null) {
      return; // idle: re-armed by the next command
    }
    long next = watchdogPeriodNanos;
    if (head != null) {
      next = Math.min(next, headDeadline - now);
    }
    if (progressPhase != null) {
      next = Math.min(next, progressDeadline - now);
    }
    watchdog = ctx.executor().schedule(this::watch, Math.max(next, 1), TimeUnit.NANOSECONDS);
  }
}
