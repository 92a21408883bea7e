package dev.sluice.testkit;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;

/** Forces leak detection to run now and returns what it found. */
public final class LeakCheck {

  private static final int GC_ROUNDS = 3;

  private LeakCheck() {}

  /**
   * Collects garbage, lets every leak detector inspect what became unreachable, and returns (and
   * forgets) every leak reported since the previous call.
   */
  public static List<String> collectLeaks() {
    for (int i = 0; i < GC_ROUNDS; i++) {
      System.gc();
      touchAllocators();
      FailingLeakDetector.pollAll();
      Thread.onSpinWait();
    }
    return FailingLeakDetector.drain();
  }

  /** Loads the allocators so that their leak detectors exist before the first poll. */
  private static void touchAllocators() {
    for (ByteBufAllocator alloc :
        new ByteBufAllocator[] {PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT}) {
      alloc.buffer(1).release();
      alloc.directBuffer(1).release();
    }
  }
}
