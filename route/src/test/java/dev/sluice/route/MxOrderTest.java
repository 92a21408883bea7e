package dev.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MxOrderTest {

  private static MxHost h(String name, int pref) {
    return new MxHost(name, pref, List.of());
  }

  @Test
  void lowerPreferenceComesFirst() {
    List<MxHost> order = MxOrder.connectOrder(List.of(h("c", 30), h("a", 10), h("b", 20)), new Random(1));
    assertThat(order).extracting(MxHost::name).containsExactly("a", "b", "c");
  }

  @Test
  void equalPreferencesAreShuffledButNeverMixedWithOthers() {
    List<MxHost> hosts = List.of(h("x", 5), h("a", 10), h("b", 10), h("c", 10), h("z", 20));
    Set<List<String>> seen = new HashSet<>();
    for (int seed = 0; seed < 200; seed++) {
      List<String> names = MxOrder.connectOrder(hosts, new Random(seed)).stream().map(MxHost::name).toList();
      assertThat(names.get(0)).isEqualTo("x");
      assertThat(names.get(4)).isEqualTo("z");
      assertThat(names.subList(1, 4)).containsExactlyInAnyOrder("a", "b", "c");
      seen.add(names);
    }
    assertThat(seen).hasSize(6); // every permutation of the three equal hosts turns up
  }
}
