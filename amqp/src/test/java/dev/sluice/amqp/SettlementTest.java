package dev.sluice.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import dev.sluice.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettlementTest {

  private static final Topology T = Topology.named("q").withRetryTiers(List.of(Duration.ofSeconds(1),
      Duration.ofSeconds(10)));
  private static final WorkerConfig CONFIG = WorkerConfig.builder(T).maxAttempts(3).workerId("w1").build();
  private static final byte[] BODY = "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final QueuedMail MAIL = QueuedMail.of("r1", Envelope.of("a@x.test", "b@x.test"), BODY);

  @Test
  void deliveredPublishesOnlyTheOutcome() throws IOException {
    List<Settlement.Publication> p = plan(0, attempt(OutcomeRecord.Status.DELIVERED, false), false);
    assertThat(p).hasSize(1);
    assertThat(p.get(0).exchange()).isEqualTo("q.outcomes");
    OutcomeRecord r = OutcomeRecord.fromJson(p.get(0).body());
    assertThat(r.requestId()).isEqualTo("r1");
    assertThat(r.status()).isEqualTo(OutcomeRecord.Status.DELIVERED);
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.workerId()).isEqualTo("w1");
    assertThat(r.destination()).isEqualTo("h:25");
  }

  @Test
  void aTransientFailureGoesToTheTierOfItsAttemptWithoutAnOutcome() {
    List<Settlement.Publication> first = plan(0, attempt(OutcomeRecord.Status.FAILED, true), false);
    assertThat(first).singleElement().satisfies(p -> {
      assertThat(p.exchange()).isEqualTo("q.retry");
      assertThat(p.routingKey()).isEqualTo("1s");
      assertThat(WireFormat.attempts(p.props())).isEqualTo(1);
      assertThat(p.props().getHeaders().get(WireFormat.H_DUE_AT)).isEqualTo(7L + 1000);
      assertThat(p.body()).isEqualTo(BODY);
    });
    List<Settlement.Publication> second = plan(1, attempt(OutcomeRecord.Status.FAILED, true), false);
    assertThat(second).singleElement().satisfies(p -> assertThat(p.routingKey()).isEqualTo("10s"));
  }

  @Test
  void theRedeliveredFlagSurvivesTheDelayTierUpToTheOutcome() throws IOException {
    List<Settlement.Publication> retry = plan(0, attempt(OutcomeRecord.Status.FAILED, true), true);
    AMQP.BasicProperties copy = retry.get(0).props();
    assertThat(WireFormat.redeliveredBefore(copy)).isTrue();
    // the copy comes back from the tier as a fresh delivery (redelivered=false) and is delivered
    Settlement.Finished back = new Settlement.Finished(2, copy, BODY, false, 6, MAIL, null,
        attempt(OutcomeRecord.Status.DELIVERED, false));
    OutcomeRecord r = OutcomeRecord.fromJson(Settlement.plan(back, CONFIG, 7).get(0).body());
    assertThat(r.redelivered()).isTrue();
    assertThat(r.attempts()).isEqualTo(2);
  }

  @Test
  void exhaustedRetriesAreFailedAndDeadLettered() throws IOException {
    List<Settlement.Publication> p = plan(2, attempt(OutcomeRecord.Status.FAILED, true), true);
    assertThat(p).extracting(Settlement.Publication::exchange).containsExactly("q.outcomes", "q.dead");
    OutcomeRecord r = OutcomeRecord.fromJson(p.get(0).body());
    assertThat(r.status()).isEqualTo(OutcomeRecord.Status.FAILED);
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(r.redelivered()).isTrue();
    assertThat(r.error()).startsWith("gave up after 3 attempts");
    assertThat(p.get(1).props().getHeaders().get(WireFormat.H_DEAD_REASON).toString()).startsWith("FAILED");
    assertThat(p.get(1).body()).isEqualTo(BODY);
  }

  @Test
  void aRejectionIsFinalAndDeadLettered() {
    List<Settlement.Publication> p = plan(0, attempt(OutcomeRecord.Status.REJECTED, false), false);
    assertThat(p).extracting(Settlement.Publication::exchange).containsExactly("q.outcomes", "q.dead");
  }

  @Test
  void malformedIsDeadLetteredWithTheReasonAndReportedWhenItHasAnId() throws IOException {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().messageId("bad-1").build();
    Settlement.Finished f = new Settlement.Finished(7, props, BODY, false, 1, null, "header sluice-from is missing", null);
    List<Settlement.Publication> p = Settlement.plan(f, CONFIG, 2);
    assertThat(p).extracting(Settlement.Publication::exchange).containsExactly("q.dead", "q.outcomes");
    assertThat(p.get(0).props().getHeaders().get(WireFormat.H_DEAD_REASON).toString())
        .isEqualTo("malformed: header sluice-from is missing");
    assertThat(OutcomeRecord.fromJson(p.get(1).body()).status()).isEqualTo(OutcomeRecord.Status.REJECTED);
  }

  @Test
  void theOutcomesOfABatchGoOutAsOneMessageThatReadsBackRecordByRecord() {
    List<Settlement.Publication> all = new java.util.ArrayList<>();
    all.addAll(plan(0, attempt(OutcomeRecord.Status.DELIVERED, false), false));
    all.addAll(plan(0, attempt(OutcomeRecord.Status.FAILED, true), false));
    all.addAll(plan(0, attempt(OutcomeRecord.Status.REJECTED, false), false));
    List<Settlement.Publication> merged = Settlement.merge(T, all);
    assertThat(merged).extracting(Settlement.Publication::exchange).containsExactly("q.retry", "q.dead", "q.outcomes");
    Settlement.Publication outcomes = merged.get(2);
    assertThat(outcomes.props().getContentType()).isEqualTo(OutcomeRecord.NDJSON);
    assertThat(outcomes.props().getHeaders().get(OutcomeRecord.H_COUNT)).isEqualTo(2);
    List<String> problems = new java.util.ArrayList<>();
    assertThat(OutcomeRecord.readAll(outcomes.body(), problems::add)).extracting(OutcomeRecord::status)
        .containsExactly(OutcomeRecord.Status.DELIVERED, OutcomeRecord.Status.REJECTED);
    assertThat(problems).isEmpty();
  }

  @Test
  void aSingleOutcomeStaysAPlainJsonMessageAndABadLineIsReportedNotFatal() {
    List<Settlement.Publication> merged = Settlement.merge(T, plan(0, attempt(OutcomeRecord.Status.DELIVERED, false), false));
    assertThat(merged).singleElement().satisfies(p -> {
      assertThat(p.props().getContentType()).isEqualTo("application/json");
      assertThat(p.props().getMessageId()).isEqualTo("r1");
    });
    byte[] two = (new String(merged.get(0).body(), StandardCharsets.UTF_8) + "\n{not json\n").getBytes(StandardCharsets.UTF_8);
    List<String> problems = new java.util.ArrayList<>();
    assertThat(OutcomeRecord.readAll(two, problems::add)).hasSize(1);
    assertThat(problems).hasSize(1);
  }

  @Test
  void aPartlyDeliveredMailIsRetriedForItsTransientRecipientsOnlyAndReportedOnceWithEveryone() throws Exception {
    QueuedMail three = QueuedMail.of("r3", Envelope.of("a@x.test", List.of("ok@a.test", "later@b.test", "no@c.test")), BODY);
    AMQP.BasicProperties props = WireFormat.properties(three, 5);
    MailSender.Attempt first = new MailSender.Attempt(OutcomeRecord.Status.DELIVERED, null,
        new IllegalStateException("later@b.test FAILED"), true, "mx.a.test,mx.b.test", List.of(
            new OutcomeRecord.Reply("ok@a.test", 250, "2.0.0 ok", OutcomeRecord.Status.DELIVERED),
            new OutcomeRecord.Reply("later@b.test", 451, "4.7.1 greylisted", OutcomeRecord.Status.FAILED),
            new OutcomeRecord.Reply("no@c.test", 550, "5.1.1 no such user", OutcomeRecord.Status.REJECTED)),
        List.of("later@b.test"));
    List<Settlement.Publication> p = Settlement.plan(new Settlement.Finished(1, props, BODY, false, 6, three, null, first),
        CONFIG, 7);
    assertThat(p).singleElement().satisfies(c -> assertThat(c.exchange()).isEqualTo("q.retry"));
    AMQP.BasicProperties copy = p.get(0).props();
    QueuedMail retried = WireFormat.decode(copy, BODY, 1 << 20);
    assertThat(retried.envelope().recipients()).containsExactly("later@b.test");

    MailSender.Attempt second = new MailSender.Attempt(OutcomeRecord.Status.DELIVERED, null, null, false, "mx.b.test",
        List.of(new OutcomeRecord.Reply("later@b.test", 250, "2.0.0 ok", OutcomeRecord.Status.DELIVERED)), List.of());
    List<Settlement.Publication> end = Settlement.plan(new Settlement.Finished(2, copy, BODY, false, 8, retried, null,
        second), CONFIG, 9);
    assertThat(end).extracting(Settlement.Publication::exchange).containsExactly("q.outcomes");
    OutcomeRecord r = OutcomeRecord.fromJson(end.get(0).body());
    assertThat(r.status()).isEqualTo(OutcomeRecord.Status.DELIVERED);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.recipients()).extracting(OutcomeRecord.Reply::address, OutcomeRecord.Reply::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("ok@a.test", OutcomeRecord.Status.DELIVERED),
        org.assertj.core.groups.Tuple.tuple("no@c.test", OutcomeRecord.Status.REJECTED),
        org.assertj.core.groups.Tuple.tuple("later@b.test", OutcomeRecord.Status.DELIVERED));
  }

  @Test
  void recipientsThatNeverGetThroughEndFailedAndTheRestIsDeadLettered() throws IOException {
    QueuedMail two = QueuedMail.of("r4", Envelope.of("a@x.test", List.of("later@b.test", "no@c.test")), BODY);
    AMQP.BasicProperties props = WireFormat.withHeaders(WireFormat.properties(two, 5),
        java.util.Map.of(WireFormat.H_ATTEMPTS, 2));
    MailSender.Attempt last = new MailSender.Attempt(OutcomeRecord.Status.FAILED, null,
        new IllegalStateException("later@b.test FAILED: 451"), true, null, List.of(
            new OutcomeRecord.Reply("later@b.test", 0, "connection refused", OutcomeRecord.Status.FAILED),
            new OutcomeRecord.Reply("no@c.test", 550, "5.1.1 no such user", OutcomeRecord.Status.REJECTED)),
        List.of("later@b.test"));
    List<Settlement.Publication> p = Settlement.plan(new Settlement.Finished(1, props, BODY, false, 6, two, null, last),
        CONFIG, 7);
    assertThat(p).extracting(Settlement.Publication::exchange).containsExactly("q.outcomes", "q.dead");
    OutcomeRecord r = OutcomeRecord.fromJson(p.get(0).body());
    assertThat(r.status()).isEqualTo(OutcomeRecord.Status.FAILED);
    assertThat(r.attempts()).as("no MX host answered, and still an attempt").isEqualTo(3);
    assertThat(r.error()).startsWith("gave up after 3 attempts");
  }

  private static List<Settlement.Publication> plan(int attemptsBefore, MailSender.Attempt a, boolean redelivered) {
    AMQP.BasicProperties props = WireFormat.withHeaders(WireFormat.properties(MAIL, 5),
        java.util.Map.of(WireFormat.H_ATTEMPTS, attemptsBefore));
    return Settlement.plan(new Settlement.Finished(1, props, BODY, redelivered, 6, MAIL, null, a), CONFIG, 7);
  }

  private static MailSender.Attempt attempt(OutcomeRecord.Status s, boolean retryable) {
    return new MailSender.Attempt(s, null, s == OutcomeRecord.Status.DELIVERED ? null : new IllegalStateException("451 later"),
        retryable, "h:25");
  }
}
