package dev.sluice.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The order MX hosts are tried in (RFC 5321 §5.1): lowest preference first; hosts of equal
 * preference in random order, drawn anew for each connection so that load spreads over them.
 */
public final class MxOrder {

  private MxOrder() {}

  public static List<MxHost> connectOrder(List<MxHost> hosts, RandomGenerator random) {
    List<MxHost> sorted = new ArrayList<>(hosts);
    sorted.sort(Comparator.comparingInt(MxHost::preference));
    int start = 0;
    while (start < sorted.size()) {
      int end = start;
      while (end < sorted.size() && sorted.get(end).preference() == sorted.get(start).preference()) {
        end++;
      }
      for (int i = end - 1; i > start; i--) { // Fisher-Yates within [start, end)
        int j = start + random.nextInt(i - start + 1);
        MxHost t = sorted.get(i);
        sorted.set(i, sorted.get(j));
        sorted.set(j, t);
      }
      start = end;
    }
    return sorted;
  }
}
