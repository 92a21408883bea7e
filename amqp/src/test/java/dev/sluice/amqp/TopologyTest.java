package dev.sluice.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {

  @Test
  void namesEverythingAfterTheSendQueueAndTheTiersAfterTheirDelay() {
    Topology t = Topology.named("mail").withRetryTiers(List.of(Duration.ofMillis(250), Duration.ofMinutes(10)));
    assertThat(t.retryQueue(Duration.ofMillis(250))).isEqualTo("mail.retry.250ms");
    assertThat(t.retryQueue(Duration.ofMinutes(10))).isEqualTo("mail.retry.600s");
    assertThat(List.of(t.deadQueue(), t.outcomesQueue())).containsExactly("mail.dead", "mail.outcomes");
  }

  @Test
  void attemptNWaitsInTierNAndTheLastTierRepeats() {
    Topology t = Topology.named("q");
    assertThat(t.tierAfter(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(t.tierAfter(2)).isEqualTo(Duration.ofMinutes(10));
    assertThat(t.tierAfter(7)).isEqualTo(Duration.ofMinutes(25));
  }

  @Test
  void refusesATierLongerThanTheBrokersConsumerTimeoutAllows() {
    assertThatThrownBy(() -> Topology.named("q").withRetryTiers(List.of(Duration.ofHours(1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consumer_timeout");
  }
}
