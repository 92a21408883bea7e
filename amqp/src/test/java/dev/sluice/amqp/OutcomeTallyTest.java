package dev.sluice.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTallyTest {

  @Test
  void countsEachRequestIdOnceAndListsDuplicates() {
    OutcomeTally t = new OutcomeTally();
    assertThat(t.add(rec("a", OutcomeRecord.Status.DELIVERED, false))).isTrue();
    assertThat(t.add(rec("b", OutcomeRecord.Status.REJECTED, false))).isTrue();
    assertThat(t.add(rec("a", OutcomeRecord.Status.DELIVERED, true))).isFalse();
    assertThat(t.line()).isEqualTo("outcomes=2 delivered=1 rejected=1 failed=0 unknown=0 duplicates=1 redelivered=1");
    assertThat(t.duplicateIds()).containsExactly("a");
  }

  @Test
  void aRequestDeliveredByAnyCopyCountsAsDelivered() {
    OutcomeTally t = new OutcomeTally();
    t.add(rec("a", OutcomeRecord.Status.REJECTED, false));
    t.add(rec("a", OutcomeRecord.Status.DELIVERED, true));
    assertThat(t.count(OutcomeRecord.Status.DELIVERED)).isEqualTo(1);
    assertThat(t.count(OutcomeRecord.Status.REJECTED)).isZero();
    assertThat(t.outcomes()).isEqualTo(1);
  }

  @Test
  void recordsSurviveJson() throws IOException {
    OutcomeRecord r = new OutcomeRecord(1, "id-1", OutcomeRecord.Status.FAILED,
        List.of(new OutcomeRecord.Reply("b@x.test", 451, "4.3.0 later")), null, "451 later", "h:25", 3, true, "w", 1, 2, 3);
    assertThat(OutcomeRecord.fromJson(r.toJson())).isEqualTo(r);
  }

  private static OutcomeRecord rec(String id, OutcomeRecord.Status s, boolean redelivered) {
    return new OutcomeRecord(1, id, s, List.of(), null, null, "h:25", 1, redelivered, "w", 0, 0, 0);
  }
}
