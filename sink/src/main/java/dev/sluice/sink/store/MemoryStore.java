package dev.sluice.sink.store;

import dev.sluice.sink.StoredMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Keeps every message in memory, in arrival order, for tests to inspect and wait for. */
public final class MemoryStore implements MessageStore {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final List<StoredMessage> messages = new ArrayList<>();

  @Override
  public boolean keepsData() {
    return true;
  }

  @Override
  public CompletionStage<Void> store(StoredMessage message) {
    lock.lock();
    try {
      messages.add(message);
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    return CompletableFuture.completedFuture(null);
  }

  /** A snapshot of the messages so far. */
  public List<StoredMessage> messages() {
    lock.lock();
    try {
      return List.copyOf(messages);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until at least {@code count} messages are kept and returns them all.
   *
   * @throws TimeoutException naming how many arrived, when {@code timeout} passes first
   */
  public List<StoredMessage> await(int count, Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (messages.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("waited " + timeout.toMillis() + " ms for " + count + " message(s), "
              + messages.size() + " arrived");
        }
        arrived.await(left, TimeUnit.NANOSECONDS);
      }
      return List.copyOf(messages);
    } finally {
      lock.unlock();
    }
  }

  /** Forgets every message kept so far. */
  public void clear() {
    lock.lock();
    try {
      messages.clear();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {}
}
