package dev.sluice.client.bulk;

import dev.sluice.client.ConnectionLostException;
import dev.sluice.client.Envelope;
import dev.sluice.client.LoggerNames;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpAuthenticationException;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpException;
import dev.sluice.client.SmtpPhase;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.SmtpTlsException;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Connections to one destination (one {@link SmtpClient}), shared by many messages. A message goes
 * to the ready connection with the fewest messages queued; a new connection is opened while
 * messages wait and the limit allows. Each connection carries a few messages at once, pipelined, so
 * that the next message's commands follow each final dot.
 *
 * <p>Connections are retired after {@link PoolConfig#maxMessagesPerConnection()} messages or
 * {@link PoolConfig#maxAge()}, closed after {@link PoolConfig#idleTimeout()}, checked with NOOP
 * after {@link PoolConfig#livenessCheckAfter()} idle, and dropped for good when they break.
 *
 * <p>Thread-safe. Work triggered by a completing message runs right there, on that connection's
 * event loop, so a waiting message is on its way before the reply batch has been fully read.
 */
public final class SmtpPool implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(LoggerNames.POOL);

  private record Request(Envelope envelope, MessageContent content, CompletableFuture<SendResult> result,
      Consumer<SmtpSession> onSession) {}

  /** Opens one ready session to the pool's destination (e.g. {@link SmtpClient#connect()}). */
  @FunctionalInterface
  public interface Connector {
    CompletableFuture<SmtpSession> connect();
  }

  private final EventLoopGroup group;
  private final Connector connector;
  /** Names the destination in log lines: host:port, or the connector's own description. */
  private final String destination;
  private final PoolConfig config;
  private final long maxAgeNanos;
  private final long livenessCheckNanos;
  private final ArrayDeque<Request> waiting = new ArrayDeque<>();
  private final List<PooledConnection> connections = new ArrayList<>();
  private final TokenBucket messageRate;
  private final TokenBucket connectRate;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final ScheduledFuture<?> housekeeping;

  private ScheduledFuture<?> wakeUp;
  private boolean closing;
  private long opened;
  private long failedConnects;
  private long retired;
  private int consecutiveConnectFailures;
  private SmtpException lastConnectFailure;
  /** After a failed connection attempt, no new one before this (nanoTime): no reconnect storms. */
  private long connectBlockedUntil;

  public SmtpPool(SmtpClient client, PoolConfig config) {
    this(client.group(), client::connect, config, client.config().host() + ":" + client.config().port());
  }

  /**
   * A pool whose connections come from {@code connector} (a router's connections try several MX
   * hosts in turn); timers run on {@code group}.
   */
  public SmtpPool(EventLoopGroup group, Connector connector, PoolConfig config) {
    this(group, connector, config, connector.toString());
  }

  private SmtpPool(EventLoopGroup group, Connector connector, PoolConfig config, String destination) {
    this.group = group;
    this.connector = connector;
    this.destination = destination;
    this.config = config;
    this.maxAgeNanos = config.maxAge().toNanos();
    this.livenessCheckNanos = config.livenessCheckAfter().toNanos();
    long now = System.nanoTime();
    this.messageRate = config.messagesPerSecond() > 0
        ? new TokenBucket(config.messagesPerSecond(), Math.max(1, config.messagesPerSecond() / 10), now)
        : TokenBucket.unlimited(now);
    this.connectRate = config.connectionsPerSecond() > 0
        ? new TokenBucket(config.connectionsPerSecond(), Math.max(1, config.connectionsPerSecond()), now)
        : TokenBucket.unlimited(now);
    long period = Math.max(100, Math.min(config.idleTimeout().toMillis(), config.livenessCheckAfter().toMillis()) / 2);
    this.housekeeping = group.next().scheduleWithFixedDelay(this::housekeep, period, period,
        TimeUnit.MILLISECONDS);
  }

  public PoolConfig config() {
    return config;
  }

  /**
   * Sends a message on one of the pool's connections. The content is retained until the send ends;
   * the caller keeps its own reference. Fails like {@link SmtpSession#send}, or with the connection
   * error when no connection could be opened.
   */
  public CompletableFuture<SendResult> send(Envelope envelope, MessageContent content) {
    return send(envelope, content, null);
  }

  /**
   * Like {@link #send(Envelope, MessageContent)}; {@code onSession} (may be null) hears which
   * session carries the message, just before it is handed over (a router reports the MX host that
   * replied). Called outside the pool's lock; must be quick.
   */
  public CompletableFuture<SendResult> send(Envelope envelope, MessageContent content,
      Consumer<SmtpSession> onSession) {
    CompletableFuture<SendResult> result = new CompletableFuture<>();
    synchronized (this) {
      if (closing) {
        result.completeExceptionally(new IllegalStateException("the pool is closed"));
        return result;
      }
      content.retain();
      waiting.add(new Request(envelope, content, result, onSession));
    }
    dispatch();
    return result;
  }

  public synchronized PoolStats stats() {
    int open = 0;
    int connecting = 0;
    int inFlight = 0;
    int busy = 0;
    for (PooledConnection c : connections) {
      if (c.state == PooledConnection.State.CONNECTING) {
        connecting++;
      } else {
        open++;
        if (c.inFlight > 0) {
          busy++;
        }
      }
      inFlight += c.inFlight;
    }
    return new PoolStats(open, connecting, inFlight, waiting.size(), opened, failedConnects, retired, busy);
  }

  /** Hands waiting messages to connections, opening connections as needed. */
  private void dispatch() {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      long now = System.nanoTime();
      while (!waiting.isEmpty()) {
        PooledConnection c = pickReady(now, actions);
        if (c == null) {
          openAsNeeded(now, actions);
          break;
        }
        long wait = messageRate.tryTake(now);
        if (wait > 0) {
          scheduleWakeUp(wait);
          break;
        }
        Request r = waiting.poll();
        c.inFlight++;
        c.sent++;
        c.lastUsed = now;
        if (config.maxMessagesPerConnection() > 0 && c.sent >= config.maxMessagesPerConnection()) {
          c.state = PooledConnection.State.RETIRING;
        }
        SmtpSession session = c.session;
        actions.add(() -> {
          if (r.onSession() != null) {
            r.onSession().accept(session);
          }
          session.send(r.envelope(), r.content()).whenComplete((res, err) -> done(c, r, res, err));
        });
      }
    }
    for (Runnable a : actions) {
      a.run();
    }
  }

  /** The ready connection with the fewest messages on it and room for one more, or null. */
  private PooledConnection pickReady(long now, List<Runnable> actions) {
    PooledConnection best = null;
    for (PooledConnection c : connections) {
      if (c.state != PooledConnection.State.READY) {
        continue;
      }
      if (!c.session.isUsable()) {
        continue; // closing (e.g. awaiting the replies it owes before it drops): its close event follows
      }
      if (now - c.created > maxAgeNanos) {
        retire(c, actions);
        continue;
      }
      if (c.inFlight == 0 && now - c.lastUsed > livenessCheckNanos) {
        check(c, actions);
        continue;
      }
      if (c.inFlight < config.messagesInFlightPerConnection() && (best == null || c.inFlight < best.inFlight)) {
        best = c;
      }
    }
    return best;
  }

  private void openAsNeeded(long now, List<Runnable> actions) {
    if (connections.size() >= config.maxConnections()) {
      return; // the pool is full: nothing to open (the common case under load)
    }
    if (now - connectBlockedUntil < 0) {
      scheduleWakeUp(connectBlockedUntil - now);
      return;
    }
    int capacity = 0;
    for (PooledConnection c : connections) {
      if (c.state == PooledConnection.State.CONNECTING || c.state == PooledConnection.State.READY
          || c.state == PooledConnection.State.CHECKING) {
        capacity += config.messagesInFlightPerConnection() - c.inFlight;
      }
    }
    while (connections.size() < config.maxConnections() && waiting.size() > capacity) {
      long wait = connectRate.tryTake(now);
      if (wait > 0) {
        scheduleWakeUp(wait);
        return;
      }
      PooledConnection c = new PooledConnection(now);
      connections.add(c);
      opened++;
      capacity += config.messagesInFlightPerConnection();
      actions.add(() -> connector.connect().whenComplete((session, error) -> connected(c, session, error)));
    }
  }

  private int readyConnections() {
    int n = 0;
    for (PooledConnection c : connections) {
      if (c.state == PooledConnection.State.READY || c.state == PooledConnection.State.CHECKING) {
        n++;
      }
    }
    return n;
  }

  private void connected(PooledConnection c, SmtpSession session, Throwable error) {
    List<Request> failed = List.of();
    SmtpException failure = null;
    synchronized (this) {
      if (error != null) {
        connections.remove(c);
        failedConnects++;
        consecutiveConnectFailures++;
        failure = asSmtp(error);
        lastConnectFailure = failure;
        long backoff = TimeUnit.MILLISECONDS.toNanos(Math.min(5000, 50L << Math.min(7, consecutiveConnectFailures)));
        connectBlockedUntil = System.nanoTime() + backoff;
        boolean hopeless = !failure.isTransient() || failure instanceof SmtpAuthenticationException
            || consecutiveConnectFailures >= 3;
        SmtpException why = failure;
        int inARow = consecutiveConnectFailures;
        LOG.log(System.Logger.Level.DEBUG, () -> destination
            + " connection attempt failed (" + inARow + " in a row), next attempt in " + backoff / 1_000_000 + " ms: "
            + why.getMessage());
        if (hopeless && readyConnections() == 0) {
          // Nothing can carry the waiting messages now: give them back with the reason, so the
          // sender can decide (retry later, or fail) instead of waiting for ever.
          failed = new ArrayList<>(waiting);
          waiting.clear();
          int n = failed.size();
          LOG.log(System.Logger.Level.WARNING, () -> destination
              + " cannot connect; " + n + " waiting message(s) handed back: " + why.getMessage());
        }
        scheduleWakeUp(backoff);
      } else {
        consecutiveConnectFailures = 0;
        if (closing) {
          c.state = PooledConnection.State.RETIRING;
        } else {
          c.state = PooledConnection.State.READY;
        }
        c.session = session;
        c.lastUsed = System.nanoTime();
        session.closeFuture().thenRun(() -> closedConnection(c));
      }
    }
    for (Request r : failed) {
      fail(r, failure);
    }
    if (c.state == PooledConnection.State.RETIRING && session != null) {
      quitIfIdle(c);
    }
    dispatch();
    maybeFinishClose();
  }

  private void done(PooledConnection c, Request r, SendResult result, Throwable error) {
    boolean quit;
    synchronized (this) {
      c.inFlight--;
      c.lastUsed = System.nanoTime();
      quit = c.state == PooledConnection.State.RETIRING && c.inFlight == 0;
    }
    r.content().release();
    if (error != null) {
      r.result().completeExceptionally(unwrap(error));
    } else {
      r.result().complete(result);
    }
    if (quit) {
      quitIfIdle(c);
    }
    dispatch();
    maybeFinishClose();
  }

  private void fail(Request r, Throwable error) {
    r.content().release();
    r.result().completeExceptionally(error);
  }

  private void closedConnection(PooledConnection c) {
    synchronized (this) {
      c.state = PooledConnection.State.CLOSED;
      connections.remove(c);
    }
    dispatch();
    maybeFinishClose();
  }

  /** NOOP before reuse after a long idle time: a dead connection is dropped, not handed a message. */
  private void check(PooledConnection c, List<Runnable> actions) {
    c.state = PooledConnection.State.CHECKING;
    actions.add(() -> c.session.noop().whenComplete((reply, error) -> {
      boolean alive = error == null && reply.isPositive();
      synchronized (this) {
        if (c.state == PooledConnection.State.CHECKING) {
          c.state = alive ? PooledConnection.State.READY : PooledConnection.State.CLOSED;
          c.lastUsed = System.nanoTime();
        }
      }
      if (!alive) {
        c.session.close();
      }
      dispatch();
    }));
  }

  private void retire(PooledConnection c, List<Runnable> actions) {
    c.state = PooledConnection.State.RETIRING;
    if (c.inFlight == 0) {
      actions.add(() -> quitIfIdle(c));
    }
  }

  private void quitIfIdle(PooledConnection c) {
    synchronized (this) {
      if (c.inFlight != 0 || c.session == null || c.state == PooledConnection.State.CLOSED) {
        return;
      }
      c.state = PooledConnection.State.CLOSED;
      retired++;
    }
    LOG.log(System.Logger.Level.DEBUG, () -> "retiring " + c.session + " after " + c.sent + " message(s)");
    c.session.quit();
  }

  /** Closes connections idle too long; runs on an event loop every few seconds. */
  private void housekeep() {
    List<PooledConnection> idle = new ArrayList<>();
    synchronized (this) {
      long now = System.nanoTime();
      for (PooledConnection c : connections) {
        if (c.state == PooledConnection.State.READY && c.inFlight == 0
            && now - c.lastUsed > config.idleTimeout().toNanos()) {
          c.state = PooledConnection.State.RETIRING;
          idle.add(c);
        }
      }
    }
    idle.forEach(this::quitIfIdle);
    dispatch();
  }

  private void scheduleWakeUp(long nanos) {
    if (wakeUp == null || wakeUp.isDone()) {
      wakeUp = group.next().schedule(this::dispatch, nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The error of the last failed connection attempt, if the last attempt failed. */
  public synchronized SmtpException lastConnectFailure() {
    return consecutiveConnectFailures > 0 ? lastConnectFailure : null;
  }

  /**
   * Takes no new messages, lets the waiting and in-flight ones finish, then QUITs every connection.
   * Completes when all are closed.
   */
  public CompletableFuture<Void> closeGracefully() {
    synchronized (this) {
      closing = true;
      for (PooledConnection c : connections) {
        if (c.state == PooledConnection.State.READY || c.state == PooledConnection.State.CHECKING) {
          c.state = PooledConnection.State.RETIRING;
        }
      }
    }
    dispatch();
    List<PooledConnection> all;
    synchronized (this) {
      all = new ArrayList<>(connections);
    }
    all.forEach(this::quitIfIdle);
    maybeFinishClose();
    return closed;
  }

  private void maybeFinishClose() {
    boolean finished;
    synchronized (this) {
      finished = closing && waiting.isEmpty() && connections.isEmpty();
    }
    if (finished && !closed.isDone()) {
      housekeeping.cancel(false);
      closed.complete(null);
    }
  }

  /**
   * Closes gracefully and waits (up to a minute). Called on one of the client's event loops (from
   * a completion callback) it cannot wait: that loop has to run the very work being waited for. It
   * then starts the close and returns at once; {@link #closeGracefully()} tells when it is done.
   */
  @Override
  public void close() {
    CompletableFuture<Void> done = closeGracefully();
    if (!onEventLoopOf(group)) {
      done.orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
  }

  /** Whether the calling thread is one of {@code group}'s event loops (where waiting would deadlock). */
  static boolean onEventLoopOf(EventLoopGroup group) {
    for (io.netty.util.concurrent.EventExecutor loop : group) {
      if (loop.inEventLoop()) {
        return true;
      }
    }
    return false;
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static SmtpException asSmtp(Throwable error) {
    Throwable t = unwrap(error);
    return t instanceof SmtpException e ? e
        : new ConnectionLostException(SmtpPhase.CONNECT, "cannot connect: " + t, false, t);
  }

  /** Visible for {@link BulkSender}: TLS and authentication failures will not heal by retrying. */
  static boolean isConnectionFatal(SmtpException e) {
    return e instanceof SmtpAuthenticationException || (e instanceof SmtpTlsException && !e.isTransient());
  }
}
