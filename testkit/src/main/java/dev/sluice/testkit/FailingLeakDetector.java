package dev.sluice.testkit;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ResourceLeakDetector} that remembers every leak it reports, so that a test can be failed
 * for it. Netty instantiates it when {@code -Dio.netty.customResourceLeakDetector} names this class.
 */
public final class FailingLeakDetector<T> extends ResourceLeakDetector<T> {

  private static final List<FailingLeakDetector<?>> DETECTORS = new CopyOnWriteArrayList<>();
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  public FailingLeakDetector(Class<?> resourceType, int samplingInterval) {
    super(resourceType, samplingInterval);
    DETECTORS.add(this);
  }

  /** The legacy constructor Netty still calls through its three-argument factory method. */
  public FailingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
    this(resourceType, samplingInterval);
  }

  /** True when Netty was told to use this class, i.e. leak reports can fail tests. */
  public static boolean installed() {
    return FailingLeakDetector.class.getName()
        .equals(System.getProperty("io.netty.customResourceLeakDetector"));
  }

  @Override
  protected boolean needReport() {
    return true;
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    super.reportTracedLeak(resourceType, records);
    LEAKS.add("LEAK: " + resourceType + ".release() was not called." + records);
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    super.reportUntracedLeak(resourceType);
    LEAKS.add("LEAK: " + resourceType + ".release() was not called (no access records).");
  }

  /**
   * Makes every detector look at the objects the garbage collector has found unreachable. Netty only
   * does this when it tracks a new object, so we track (and close) a throwaway one on each detector.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void pollAll() {
    for (FailingLeakDetector detector : DETECTORS) {
      Object probe = new Object();
      ResourceLeakTracker tracker = detector.trackForcibly(probe);
      tracker.close(probe);
    }
  }

  /** Returns and forgets the leaks reported so far. */
  static List<String> drain() {
    List<String> drained = new ArrayList<>(LEAKS);
    LEAKS.removeAll(drained);
    return drained;
  }
}
