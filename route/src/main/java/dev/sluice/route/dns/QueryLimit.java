package dev.sluice.route.dns;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** At most N queries outstanding; the rest wait in a FIFO and start as earlier ones end. Never blocks. */
final class QueryLimit {

  private final int max;
  private final AtomicInteger running = new AtomicInteger();
  private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();

  QueryLimit(int max) {
    this.max = max;
  }

  /** Runs {@code task} now if there is room, else when there is; the task must call {@link #release()} once. */
  void run(Runnable task) {
    waiting.add(task);
    drain();
  }

  void release() {
    running.decrementAndGet();
    drain();
  }

  private void drain() {
    while (!waiting.isEmpty()) {
      int n = running.get();
      if (n >= max) {
        return;
      }
      if (!running.compareAndSet(n, n + 1)) {
        continue;
      }
      Runnable next = waiting.poll();
      if (next == null) {
        running.decrementAndGet();
        continue;
      }
      next.run();
    }
  }
}
