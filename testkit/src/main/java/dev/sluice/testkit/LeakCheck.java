package dev.sluice.testkit;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;

/** Forces leak detection to run now and returns what it found. */
public final class LeakCheck {

  private LeakCheck() {}

  /**
   * Collects garbage {@code gcRounds} times, lets every leak detector inspect what became
   * unreachable, and returns (and forgets) every leak reported since the previous call. With zero
   * rounds it only looks at what earlier collections already found.
   */
  public static List<String> collectLeaks(int gcRounds) {
    touchAllocators();
    FailingLeakDetector.pollAll();
    for (int i = 0; i < gcRounds; i++) {
      System.gc();
      // The JVM enqueues cleared references on its own thread, shortly after the collection.
      sleepQuietly(2);
      FailingLeakDetector.pollAll();
    }
    return FailingLeakDetector.drain();
  }

  /** Three rounds: enough to catch a leak of the code that just ran. */
  public static List<String> collectLeaks() {
    return collectLeaks(3);
  }

  /** Loads the allocators so that their leak detectors exist before the first poll. */
  private static void touchAllocators() {
    for (ByteBufAllocator alloc :
        new ByteBufAllocator[] {PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT}) {
      alloc.buffer(1).release();
      alloc.directBuffer(1).release();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
