package dev.sluice.sink.session;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Closes a connection whose client said nothing for the idle timeout. One task per connection on
 * its own event loop, rescheduled for the time left rather than polled; time during which the
 * sink itself holds a reply back does not count against the client.
 */
final class IdleTimeout implements Runnable {

  private final ChannelHandlerContext ctx;
  private final long timeoutNanos;
  private final BooleanSupplier paused;
  private final Runnable onTimeout;
  private long lastRead;
  private ScheduledFuture<?> task;

  IdleTimeout(ChannelHandlerContext ctx, long timeoutNanos, BooleanSupplier paused, Runnable onTimeout) {
    this.ctx = ctx;
    this.timeoutNanos = timeoutNanos;
    this.paused = paused;
    this.onTimeout = onTimeout;
  }

  void start() {
    lastRead = System.nanoTime();
    task = ctx.executor().schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
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
    if (idle >= timeoutNanos) {
      task = null;
      onTimeout.run();
    } else {
      task = ctx.executor().schedule(this, timeoutNanos - idle, TimeUnit.NANOSECONDS);
    }
  }
}
