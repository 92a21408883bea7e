package dev.sluice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BoundedTagValuesTest {

  @Test
  void neverReportsMoreThanMaxDistinctValuesHoweverManyPass() {
    BoundedTagValues bound = new BoundedTagValues(5, 1);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      seen.add(bound.valueOf("d" + i));
    }
    assertThat(seen).hasSize(6).contains(BoundedTagValues.OTHER);
  }

  @Test
  void heavyValuesWinThePlacesOverACrowdOfRareOnes() {
    BoundedTagValues bound = new BoundedTagValues(3, 20);
    // Interleaved: 3 heavy destinations (1 in 4 messages each) among 10,000 that appear once or twice.
    for (int i = 0; i < 40_000; i++) {
      String v = i % 4 < 3 ? "heavy" + (i % 4) : "rare" + (i % 10_000);
      bound.valueOf(v);
    }
    assertThat(bound.admitted()).containsExactlyInAnyOrder("heavy0", "heavy1", "heavy2");
    assertThat(bound.valueOf("rare7")).isEqualTo(BoundedTagValues.OTHER);
    assertThat(bound.valueOf("heavy1")).isEqualTo("heavy1");
  }

  @Test
  void anAdmittedValueKeepsItsTag() {
    BoundedTagValues bound = new BoundedTagValues(1, 1);
    assertThat(bound.valueOf("first")).isEqualTo("first");
    for (int i = 0; i < 1000; i++) {
      bound.valueOf("second");
    }
    assertThat(bound.valueOf("first")).isEqualTo("first");
    assertThat(bound.valueOf("second")).isEqualTo(BoundedTagValues.OTHER);
    assertThat(bound.valueOf(null)).isEqualTo(BoundedTagValues.OTHER);
  }

  @Test
  void refusesANonsensicalBound() {
    assertThatThrownBy(() -> new BoundedTagValues(0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}
