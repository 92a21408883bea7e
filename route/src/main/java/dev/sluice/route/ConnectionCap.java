package dev.sluice.route;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * At most N connections open at once; connection attempts beyond that wait, first come first
 * served, without blocking a thread. A permit is held from the attempt until the connection closes.
 */
final class ConnectionCap {

  private final int max;
  private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private int used;

  ConnectionCap(int max) {
    this.max = max;
  }

  CompletableFuture<Void> acquire() {
    synchronized (this) {
      if (used < max) {
        used++;
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> f = new CompletableFuture<>();
      waiting.add(f);
      return f;
    }
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
