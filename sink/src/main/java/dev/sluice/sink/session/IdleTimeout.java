package dev.sluice.sink.session;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Closes a connection whose client said nothing for the idle timeout, or left replies unread for
 * the write timeout. One task per connection on its own event loop, rescheduled for the time left
 * rather than polled; time during which the sink itself holds a reply back does not count against
 * the client.
 */
final class IdleTimeout implements Runnable {

  private final ChannelHandlerContext ctx;
  private final long timeoutNanos;
  private final BooleanSupplier paused;
  private final Runnable onTimeout;
  private final long writeTimeoutNanos;
  private final java.util.function.LongUnaryOperator stalled;
  private long lastRead;
  private ScheduledFuture<?> task;

  /**
   * @param stalled given the time now, how long replies have been waiting for the client to read
   */
  IdleTimeout(ChannelHandlerContext ctx, long timeoutNanos, BooleanSupplier paused, long writeTimeoutNanos,
      java.util.function.LongUnaryOperator stalled, Runnable onTimeout) {
    this.ctx = ctx;
    this.timeoutNanos = timeoutNanos;
    this.paused = paused;
    this.writeTimeoutNanos = writeTimeoutNanos;
    this.stalled = stalled;
    this.onTimeout = onTimeout;
  }

  void start() {
    lastRead = System.nanoTime();
    task = ctx.executor().schedule(this, Math.min(timeoutNanos, writeTimeoutNanos), TimeUnit.NANOSECONDS);
  }

  /** The client sent something. */
  void touch() {
    lastRead = System.nanoTime();
  }

  void cancel() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  @Override
  public void run() {
    if (task == null || !ctx.channel().isActive()) {
      return;
    }
    long now = System.nanoTime();
    if (paused.getAsBoolean()) {
      lastRead = now;
    }
    long idle = now - lastRead;
    long stall = stalled.applyAsLong(now);
    if (idle >= timeoutNanos || stall >= writeTimeoutNanos) {
      task = null;
      onTimeout.run();
    } else {
      long next = Math.min(timeoutNanos - idle, writeTimeoutNanos - stall);
      task = ctx.executor().schedule(this, next, TimeUnit.NANOSECONDS);
    }
  }
}
