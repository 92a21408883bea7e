package dev.sluice.micrometer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a tag with open-ended values (a router's destinations, a worker's queues) to at most
 * {@code max} distinct values, the most frequent ones: every other value is reported as
 * {@value #OTHER}. Without it, one series per destination would grow without bound.
 *
 * <p>How: values are counted in a Space-Saving sketch (Metwally et al., 2005) of {@code 8 × max}
 * entries, so memory stays bounded however many values pass. A value gets its own tag once its
 * count reaches {@code minCount} and is among the {@code max} heaviest of the sketch, while fewer
 * than {@code max} values have been admitted. Admission is for good: a series that appeared never
 * turns into {@value #OTHER} (dashboards would see counters go back), so the set reflects the
 * heavy values of the early traffic. Once {@code max} values are in, the answer is a lock-free
 * lookup.
 *
 * <pre>{@code
 * BoundedTagValues destinations = new BoundedTagValues(20, 10);
 * Counter.builder("sluice.router.messages").tag("destination", destinations.valueOf(mxHost)).register(registry);
 * }</pre>
 */
public final class BoundedTagValues {

  /** The value every non-admitted raw value is reported as. */
  public static final String OTHER = "other";

  private final int max;
  private final long minCount;
  private final int capacity;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();
  private final Map<String, long[]> counts = new HashMap<>();

  /**
   * @param max how many distinct values may have their own tag
   * @param minCount how often a value must be seen before it may take a place (1 = at once)
   */
  public BoundedTagValues(int max, long minCount) {
    if (max < 1 || minCount < 1) {
      throw new IllegalArgumentException("max and minCount must be at least 1: " + max + ", " + minCount);
    }
    this.max = max;
    this.minCount = minCount;
    this.capacity = Math.max(16, max * 8);
  }

  /** The tag value to report for {@code raw}: itself when admitted, else {@value #OTHER}. */
  public String valueOf(String raw) {
    if (raw == null) {
      return OTHER;
    }
    if (admitted.contains(raw)) {
      return raw;
    }
    if (admitted.size() >= max) {
      return OTHER;
    }
    synchronized (this) {
      long count = count(raw);
      if (admitted.size() < max && count >= minCount && rank(count) < max) {
        admitted.add(raw);
        counts.remove(raw); // admitted for good: free its place in the sketch
        return raw;
      }
    }
    return OTHER;
  }

  /** The values admitted so far. */
  public Set<String> admitted() {
    return Set.copyOf(admitted);
  }

  /** Space-Saving: a new value replaces the least counted one and inherits its count. */
  private long count(String raw) {
    long[] c = counts.get(raw);
    if (c == null) {
      long inherited = 0;
      if (counts.size() >= capacity) {
        String least = null;
        long leastCount = Long.MAX_VALUE;
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
          if (e.getValue()[0] < leastCount) {
            leastCount = e.getValue()[0];
            least = e.getKey();
          }
        }
        counts.remove(least);
        inherited = leastCount;
      }
      c = new long[] {inherited};
      counts.put(raw, c);
    }
    return ++c[0];
  }

  /** How many unadmitted values in the sketch are counted higher than {@code count}. */
  private int rank(long count) {
    int higher = 0;
    for (long[] c : counts.values()) {
      if (c[0] > count) {
        higher++;
      }
    }
    return higher + admitted.size();
  }
}
