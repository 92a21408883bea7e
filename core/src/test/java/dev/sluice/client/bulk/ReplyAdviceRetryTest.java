package dev.sluice.client.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.ReplyAdvice;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TlsMode;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.fault.Script;
import dev.sluice.sink.fault.SmtpStep;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The bulk sender follows each reply's {@link ReplyAdvice}: a 4xx that retrying cannot fix is not
 * retried, and a server limit (Office 365's connections and messages per minute) is waited out.
 */
class ReplyAdviceRetryTest {

  /** Backoff of about a millisecond, at most 200 ms: a wait of exactly 200 ms can only be a limit waited out. */
  private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(200), 1);

  private static final Envelope ENVELOPE = Envelope.of("me@contoso.test", "you@example.test");

  /** Sends one message to {@code sink}, recording the delay of every retry; returns its outcome. */
  private static Outcome send(SmtpSink sink, List<Long> retryDelays) throws Exception {
    BulkListener listener = new BulkListener() {
      @Override
      public void retry(Outcome attempt, long delayNanos) {
        retryDelays.add(delayNanos);
      }
    };
    MessageContent m = MessageContent.of("Subject: limits\r\n\r\nbody\r\n");
    try (SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("127.0.0.1").port(sink.port())
             .tlsMode(TlsMode.NONE).heloName("bulk.test").timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(1)
             .build());
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT.withRetry(QUICK).withListener(listener))) {
      return sender.submit(ENVELOPE, m).get();
    } finally {
      m.release();
    }
  }

  @Test
  void waitsOutTheSubmissionRateLimitBeforeTheNextAttempt() throws Exception {
    List<Long> delays = new CopyOnWriteArrayList<>();
    try (SmtpSink sink = SmtpSink.builder().inMemory().script(Script.builder()
        .thenReply(SmtpStep.MAIL, 421, "4.4.2 Message submission rate for this client has exceeded the configured limit")
        .build()).start()) {
      Outcome o = send(sink, delays);

      assertThat(o.status()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(o.attempts()).isEqualTo(2);
      assertThat(delays).containsExactly(Duration.ofMillis(200).toNanos());
    }
  }

  @Test
  void waitsOutTheConcurrentConnectionLimitBeforeTheNextAttempt() throws Exception {
    List<Long> delays = new CopyOnWriteArrayList<>();
    try (SmtpSink sink = SmtpSink.builder().inMemory().script(Script.builder()
        .thenReply(SmtpStep.DATA_END, 432, "4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded").build()).start()) {
      Outcome o = send(sink, delays);

      assertThat(o.status()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(delays).containsExactly(Duration.ofMillis(200).toNanos());
    }
  }

  @Test
  void retriesAnOrdinaryTransientFailureWithTheUsualBackoff() throws Exception {
    List<Long> delays = new CopyOnWriteArrayList<>();
    try (SmtpSink sink = SmtpSink.builder().inMemory().script(Script.builder()
        .thenReply(SmtpStep.MAIL, 451, "4.3.0 try again later").build()).start()) {
      Outcome o = send(sink, delays);

      assertThat(o.status()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(delays).hasSize(1).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(1).toNanos()));
    }
  }

  @Test
  void neverRetriesATlsVersionRefusalThoughItIsA4xx() throws Exception {
    List<Long> delays = new CopyOnWriteArrayList<>();
    try (SmtpSink sink = SmtpSink.builder().inMemory()
        .fault("mail:421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2.")
        .start()) {
      Outcome o = send(sink, delays);

      assertThat(o.status()).isEqualTo(Outcome.Status.REJECTED);
      assertThat(o.attempts()).isEqualTo(1);
      assertThat(delays).isEmpty();
      assertThat(o.smtpError().hint()).contains("TLS 1.2");
    }
  }

  @Test
  void neverRetriesTheDailyRecipientQuota() throws Exception {
    List<Long> delays = new CopyOnWriteArrayList<>();
    try (SmtpSink sink = SmtpSink.builder().inMemory()
        .fault("data-end:554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException").start()) {
      Outcome o = send(sink, delays);

      assertThat(o.status()).isEqualTo(Outcome.Status.REJECTED);
      assertThat(o.attempts()).isEqualTo(1);
      assertThat(o.smtpError().hint()).contains("daily recipient limit");
    }
  }

  @Test
  void theOffice365PresetKeepsToItsLimits() {
    assertThat(BulkConfig.OFFICE_365.pool().maxConnections()).isEqualTo(3);
    assertThat(BulkConfig.OFFICE_365.pool().messagesPerSecond() * 60).isEqualTo(30.0);
  }

  @Test
  void aLimitIsWaitedOutOnlyUpToTheLongestDelay() {
    ReplyAdvice rate = new ReplyAdvice(ReplyAdvice.Retry.SLOWER, Duration.ofSeconds(60), "slow down");
    assertThat(RetryPolicy.DEFAULT.delayAfter(1, rate)).isEqualTo(Duration.ofSeconds(60));
    assertThat(QUICK.delayAfter(1, rate)).isEqualTo(Duration.ofMillis(200));
    assertThat(RetryPolicy.DEFAULT.delayAfter(1, null)).isLessThanOrEqualTo(Duration.ofSeconds(1));
  }
}
