package dev.sluice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.client.Credentials;
import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.sink.SmtpSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The binder against the sink: every meter the README lists moves as the client works. */
class SluiceMetersTest {

  private static final String USER = "user@example.test";
  private static final byte[] MESSAGE = "Subject: t\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

  private final MeterRegistry registry = new SimpleMeterRegistry();

  private static SmtpClientConfig config(SmtpSink sink, Credentials credentials) {
    return SmtpClientConfig.builder("localhost").port(sink.port()).heloName("client.test")
        .timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(1).credentials(credentials)
        .trust(TrustConfig.certificates(List.of(sink.certificate().certificate()))).build();
  }

  private double count(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  /** Events counted by the Timers and FunctionTimers of that name and tags. */
  private long timed(String name, String... tags) {
    return registry.find(name).tags(tags).timers().stream().mapToLong(Timer::count).sum()
        + (long) registry.find(name).tags(tags).functionTimers().stream().mapToDouble(f -> f.count()).sum();
  }

  @Test
  void aSessionMovesConnectionTlsAuthReplyCommandTransactionAndByteMeters() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().tls(dev.sluice.sink.TlsMode.STARTTLS).user(USER, "pw")
        .fault("rcpt:550 5.1.1 no such user@100%").start();
         SmtpClient client = SmtpClient.create(SluiceMeters.instrument(config(sink, Credentials.password(USER, "pw")),
             registry, Tag.of("client", "test")))) {
      SmtpSession s = client.connect().get();
      Throwable refused = catchThrowable(() -> s.send(Envelope.of("a@example.test", "b@example.test"),
          MessageContent.of(MESSAGE)).join());
      assertThat(refused).hasMessageContaining("550");
      s.quit().get(10, TimeUnit.SECONDS);
      client.group().submit(() -> { }).get(); // the close is reported on the event loop
    }
    assertThat(count("sluice.connections.opened", "client", "test")).isEqualTo(1);
    assertThat(timed("sluice.connections.setup")).isEqualTo(1);
    assertThat(timed("sluice.tls.handshakes", "result", "success")).isEqualTo(1);
    assertThat(registry.find("sluice.tls.handshakes").timer().getId().getTag("cipher")).startsWith("TLS_");
    assertThat(timed("sluice.auth", "mechanism", "PLAIN", "result", "success")).isEqualTo(1);
    assertThat(count("sluice.replies", "command", "greeting", "code.class", "2xx")).isEqualTo(1);
    assertThat(count("sluice.replies", "command", "auth", "code.class", "2xx", "status.subject", "security"))
        .isEqualTo(1);
    assertThat(count("sluice.replies", "command", "rcpt", "code.class", "5xx", "status.subject", "addressing"))
        .isEqualTo(1);
    assertThat(timed("sluice.command.duration", "command", "mail")).isEqualTo(1);
    assertThat(timed("sluice.transactions", "result", "rejected")).isEqualTo(1);
    assertThat(timed("sluice.transactions.queued")).isEqualTo(1);
    assertThat(count("sluice.bytes.sent")).isGreaterThan(100);
    assertThat(count("sluice.bytes.received")).isGreaterThan(100);
    assertThat(count("sluice.connections.closed", "reason", "clean")).isEqualTo(1);
    assertThat(registry.find("sluice.connections.active").gauge().value()).isZero();
  }

  @Test
  void failedConnectionsCountByPhaseAndReason() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (SmtpClient client = SmtpClient.create(SluiceMeters.instrument(SmtpClientConfig.builder("127.0.0.1")
        .port(closedPort).tlsMode(TlsMode.NONE).ioThreads(1).build(), registry))) {
      catchThrowable(() -> client.connect().join());
    }
    try (SmtpSink sink = SmtpSink.builder().inMemory().tls(dev.sluice.sink.TlsMode.STARTTLS).user(USER, "pw").start();
         SmtpClient client = SmtpClient.create(SluiceMeters.instrument(
             config(sink, Credentials.password(USER, "wrong")), registry))) {
      catchThrowable(() -> client.connect().join());
    }
    assertThat(count("sluice.connections.failed", "phase", "connect", "reason", "refused")).isEqualTo(1);
    assertThat(count("sluice.connections.failed", "phase", "auth", "reason", "rejected")).isEqualTo(1);
    assertThat(timed("sluice.auth", "mechanism", "PLAIN", "result", "rejected")).isEqualTo(1);
    assertThat(count("sluice.replies", "command", "auth", "code.class", "5xx")).isEqualTo(1);
  }

  @Test
  void aBulkSenderCountsOutcomesRetriesAndShowsItsPool() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().tls(dev.sluice.sink.TlsMode.STARTTLS)
        .fault("rcpt:451 4.3.0 try later@30%").faultSeed(7).start();
         SmtpClient client = SmtpClient.create(SluiceMeters.instrument(config(sink, null), registry))) {
      BulkSender sender = SluiceMeters.bulkSender(client, BulkConfig.DEFAULT.withRetry(
          dev.sluice.client.bulk.RetryPolicy.DEFAULT), registry);
      List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        outcomes.add(sender.submit(Envelope.of("a@example.test", "b" + i + "@example.test"), MessageContent.of(MESSAGE)));
      }
      long delivered = 0;
      for (CompletableFuture<Outcome> o : outcomes) {
        delivered += o.get(60, TimeUnit.SECONDS).status() == Outcome.Status.DELIVERED ? 1 : 0;
      }
      assertThat(timed("sluice.messages", "outcome", "delivered")).isEqualTo(delivered);
      assertThat(timed("sluice.messages")).isEqualTo(20);
      assertThat(count("sluice.messages.retries")).isPositive();
      assertThat(registry.find("sluice.messages.pending").gauge().value()).isZero();
      assertThat(registry.find("sluice.pool.messages.waiting").gauge().value()).isZero();
      assertThat(registry.find("sluice.pool.connections").tag("state", "idle").gauge().value()).isPositive();
      assertThat(registry.find("sluice.pool.connects").tag("result", "opened").functionCounter().count()).isPositive();
      sender.close();
    }
  }

  @Test
  void aTransactionAcceptedForEveryRecipientCountsAsAccepted() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().start();
         SmtpClient client = SmtpClient.create(SluiceMeters.instrument(SmtpClientConfig.builder("localhost")
             .port(sink.port()).tlsMode(TlsMode.NONE).ioThreads(1).build(), registry))) {
      SmtpSession s = client.connect().get();
      SendResult r = s.send(Envelope.of("a@example.test", "b@example.test", "c@example.test"),
          MessageContent.of(MESSAGE)).get();
      assertThat(r.accepted()).isTrue();
      s.quit().get();
    }
    assertThat(timed("sluice.transactions", "result", "accepted")).isEqualTo(1);
    assertThat(count("sluice.replies", "command", "rcpt", "code.class", "2xx")).isEqualTo(2);
    assertThat(registry.find("sluice.tls.handshakes").timer()).isNull();
  }
}
