package dev.sluice.client.bulk;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Room for messages in flight, with hysteresis: a producer that found it full sleeps until a
 * quarter of it is free again, then fills it in one go. A plain semaphore would wake the producer
 * (a futex call and a context switch) once per finished message, which on a small machine costs
 * more than sending the message. Public for the router (sluice-route), which bounds messages the same way.
 */
public final class Room {

  private final int capacity;
  private final int resumeAt;
  private final AtomicInteger used = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private volatile boolean waiting;

  public Room(int capacity) {
    this.capacity = capacity;
    this.resumeAt = Math.max(0, capacity - Math.max(1, capacity / 4));
  }

  /** Takes one place, waiting up to {@code timeoutNanos}; false when none became free in time. */
  public boolean acquire(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (true) {
      int n = used.get();
      if (n < capacity) {
        if (used.compareAndSet(n, n + 1)) {
          return true;
        }
        continue;
      }
      lock.lock();
      try {
        waiting = true;
        while (used.get() > resumeAt) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          freed.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
        }
      } finally {
        waiting = false;
        lock.unlock();
      }
    }
  }

  /** Gives one place back; wakes a waiting producer once enough are free. */
  public void release() {
    int n = used.decrementAndGet();
    if (n <= resumeAt && waiting) {
      lock.lock();
      try {
        freed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
