package dev.sluice.client.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Credentials;
import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpAuthenticationException;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TlsMode;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The bulk sender against the sink: accounting under faults, retries, backpressure. */
class BulkSenderTest {

  private static final Pattern MESSAGE_ID = Pattern.compile("Message-ID: <([^>]+)>");
  private static final RetryPolicy FAST_RETRY = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(50), 2);

  private static SmtpClientConfig.Builder plain(SmtpSink sink) {
    return SmtpClientConfig.builder("127.0.0.1").port(sink.port()).tlsMode(TlsMode.NONE).heloName("bulk.test")
        .timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(2);
  }

  private static MessageContent message(String id) {
    return MessageContent.of("Message-ID: <" + id + ">\r\nSubject: bulk\r\n\r\nbody of " + id + "\r\n");
  }

  private static String messageId(StoredMessage m) {
    Matcher matcher = MESSAGE_ID.matcher(new String(m.data(), StandardCharsets.US_ASCII));
    return matcher.find() ? matcher.group(1) : null;
  }

  /**
   * 5% transient RCPT failures, 1% disconnects mid-data, 1% disconnects after the final dot, 0.5%
   * permanent rejections: every message ends in exactly one outcome, the sink stored exactly the
   * delivered ones (plus perhaps some unknown ones), and none twice.
   */
  @Test
  void accountsForEveryMessageExactlyOnceUnderFaults() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().faultSeed(42)
        .fault("rcpt:451 4.3.0 try again later@5%")
        .fault("data:disconnect-mid=200@1%")
        .fault("data-end:disconnect@1%")
        .fault("data-end:554 5.7.1 rejected by policy@0.5%")
        .start();
         SmtpClient client = SmtpClient.create(plain(sink).build());
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT.withRetry(FAST_RETRY)
             .withPool(PoolConfig.DEFAULT.withMaxConnections(4)).withMaxInFlight(64))) {
      int n = 1500;
      List<CompletableFuture<Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        MessageContent m = message("m" + i + "@bulk.test");
        futures.add(sender.submit(Envelope.of("a@bulk.test", "b" + i + "@bulk.test"), m));
        m.release();
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
      sender.closeGracefully().get();

      Set<String> delivered = new HashSet<>();
      Set<String> unknown = new HashSet<>();
      int rejected = 0;
      int failed = 0;
      for (int i = 0; i < n; i++) {
        Outcome o = futures.get(i).get();
        String id = "m" + i + "@bulk.test";
        switch (o.status()) {
          case DELIVERED -> delivered.add(id);
          case UNKNOWN -> unknown.add(id);
          case REJECTED -> rejected++;
          case FAILED -> failed++;
        }
      }
      BulkStats stats = sender.stats();
      assertThat(stats.submitted()).isEqualTo(n);
      assertThat(stats.delivered() + stats.rejected() + stats.failed() + stats.unknown()).isEqualTo(n);
      assertThat(delivered.size() + unknown.size() + rejected + failed).isEqualTo(n);
      assertThat(unknown).as("1% of the final dots were cut off").isNotEmpty();
      assertThat(rejected).as("0.5% permanent rejections").isPositive();
      assertThat(stats.retries()).as("5% transient RCPT failures were retried").isPositive();

      List<String> stored = sink.messages().stream().map(BulkSenderTest::messageId).toList();
      assertThat(new HashSet<>(stored)).as("no message stored twice").hasSize(stored.size());
      assertThat(new HashSet<>(stored)).containsAll(delivered);
      Set<String> extra = new HashSet<>(stored);
      extra.removeAll(delivered);
      assertThat(unknown).as("anything stored but not delivered must be UNKNOWN").containsAll(extra);
    }
  }

  @Test
  void neverRetriesAPermanentRejection() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().fault("rcpt:550 5.1.1 no such user").start();
         SmtpClient client = SmtpClient.create(plain(sink).build());
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT.withRetry(FAST_RETRY))) {
      Outcome o = sender.submit(Envelope.of("a@bulk.test", "gone@bulk.test"), message("x@bulk.test")).get();

      assertThat(o.status()).isEqualTo(Outcome.Status.REJECTED);
      assertThat(o.attempts()).isEqualTo(1);
      assertThat(o.result().rejectedRecipients()).hasSize(1);
    }
  }

  @Test
  void neverResendsAMessageWhoseDeliveryIsUnknown() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().fault("data-end:disconnect").start();
         SmtpClient client = SmtpClient.create(plain(sink).build());
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT.withRetry(FAST_RETRY))) {
      Outcome o = sender.submit(Envelope.of("a@bulk.test", "b@bulk.test"), message("u@bulk.test")).get();

      assertThat(o.status()).isEqualTo(Outcome.Status.UNKNOWN);
      assertThat(o.attempts()).isEqualTo(1);
    }
  }

  @Test
  void resendsUnknownOnlyWhenAtLeastOnceIsAskedFor() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().fault("data-end:disconnect").start();
         SmtpClient client = SmtpClient.create(plain(sink).build());
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT.withRetry(FAST_RETRY).withAtLeastOnce(true))) {
      Outcome o = sender.submit(Envelope.of("a@bulk.test", "b@bulk.test"), message("u@bulk.test")).get();

      assertThat(o.status()).isEqualTo(Outcome.Status.UNKNOWN);
      assertThat(o.attempts()).isEqualTo(FAST_RETRY.maxAttempts());
    }
  }

  @Test
  void retriesTransientFailuresUntilTheyAreExhausted() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().fault("mail:451 4.7.1 greylisted").start();
         SmtpClient client = SmtpClient.create(plain(sink).build());
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT.withRetry(FAST_RETRY))) {
      Outcome o = sender.submit(Envelope.of("a@bulk.test", "b@bulk.test"), message("g@bulk.test")).get();

      assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(o.attempts()).isEqualTo(FAST_RETRY.maxAttempts());
      assertThat(o.smtpError().isTransient()).isTrue();
    }
  }

  @Test
  void failsEveryMessageQuicklyWhenAuthenticationIsRefused() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().user("u@bulk.test", "right").start();
         SmtpClient client = SmtpClient.create(plain(sink).allowCleartextAuth(true)
             .credentials(Credentials.password("u@bulk.test", "wrong")).build());
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT.withRetry(FAST_RETRY))) {
      List<CompletableFuture<Outcome>> all = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        all.add(sender.submit(Envelope.of("a@bulk.test", "b@bulk.test"), message("a" + i + "@bulk.test")));
      }
      for (CompletableFuture<Outcome> f : all) {
        Outcome o = f.get();
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.error()).isInstanceOf(SmtpAuthenticationException.class);
        assertThat(o.attempts()).isEqualTo(1);
      }
      assertThat(sink.messages()).isEmpty();
    }
  }

  @Test
  void slowsTheProducerInsteadOfBufferingWithoutBound() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().fault("mail:delay=300ms").start();
         SmtpClient client = SmtpClient.create(plain(sink).build());
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT.withMaxInFlight(4)
             .withPool(PoolConfig.DEFAULT.withMaxConnections(1)))) {
      for (int i = 0; i < 4; i++) {
        assertThat(sender.trySubmit(Envelope.of("a@bulk.test", "b@bulk.test"), message("p" + i + "@bulk.test"), 1,
            java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
      }
      assertThat(sender.trySubmit(Envelope.of("a@bulk.test", "b@bulk.test"), message("p4@bulk.test"), 50,
          java.util.concurrent.TimeUnit.MILLISECONDS)).as("no room while 4 are in flight").isNull();
      assertThat(sender.stats().pending()).isEqualTo(4);
    }
  }
}
