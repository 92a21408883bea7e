package dev.sluice.route;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * At most N connections open at once; connection attempts beyond that wait, first come first
 * served, without blocking a thread. A permit is held from the attempt until the connection closes.
 */
final class ConnectionCap {

  private final int max;
  private final Runnable whenFull;
  private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private int used;

  /** {@code whenFull} runs (outside the lock) each time an attempt has to wait: it may free a permit. */
  ConnectionCap(int max, Runnable whenFull) {
    this.max = max;
    this.whenFull = whenFull;
  }

  CompletableFuture<Void> acquire() {
    CompletableFuture<Void> f;
    synchronized (this) {
      if (used < max) {
        used++;
        return CompletableFuture.completedFuture(null);
      }
      f = new CompletableFuture<>();
      waiting.add(f);
    }
    whenFull.run();
    return f;
  }

  void release() {
    CompletableFuture<Void> next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        used--;
        return;
      }
    }
    next.complete(null); // the permit passes on; completed outside the lock
  }

  synchronized int used() {
    return used;
  }

  synchronized int waiting() {
    return waiting.size();
  }
}
