package dev.sluice.route;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Which MX hosts failed recently. A host that failed within the last minute is tried after the
 * others of the list, so that a dead primary MX costs one timeout per minute, not one per
 * connection (Postfix keeps a similar "dead host" memory).
 */
final class HostHealth {

  private static final long MEMORY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final ConcurrentHashMap<String, Long> failedAt = new ConcurrentHashMap<>();

  void failed(String host) {
    failedAt.put(host, System.nanoTime());
  }

  void succeeded(String host) {
    failedAt.remove(host);
  }

  boolean recentlyFailed(String host, long now) {
    Long t = failedAt.get(host);
    if (t == null) {
      return false;
    }
    if (now - t > MEMORY_NANOS) {
      failedAt.remove(host, t);
      return false;
    }
    return true;
  }

  /** {@code order} with recently failed hosts moved to the end (each group keeps its order). */
  List<MxHost> preferHealthy(List<MxHost> order) {
    long now = System.nanoTime();
    List<MxHost> healthy = new ArrayList<>();
    List<MxHost> sick = new ArrayList<>();
    for (MxHost h : order) {
      (recentlyFailed(h.name(), now) ? sick : healthy).add(h);
    }
    healthy.addAll(sick);
    return healthy;
  }
}
