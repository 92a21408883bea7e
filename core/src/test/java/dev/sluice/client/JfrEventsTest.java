package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.sink.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JFR events a session leaves in a recording, read back with {@code jdk.jfr.consumer}. */
class JfrEventsTest {

  private static final String USER = "user@example.test";
  private static final byte[] MESSAGE = "Subject: t\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path dir;

  private static SmtpClientConfig.Builder config(SmtpSink sink) {
    return SmtpClientConfig.builder("localhost").port(sink.port()).heloName("client.test")
        .timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(1)
        .trust(TrustConfig.certificates(List.of(sink.certificate().certificate())));
  }

  private List<RecordedEvent> record(Runnable work) throws Exception {
    Path file = dir.resolve("sluice.jfr");
    try (Recording r = new Recording()) {
      for (String name : List.of("dev.sluice.Connection", "dev.sluice.TlsHandshake", "dev.sluice.Auth",
          "dev.sluice.Transaction")) {
        r.enable(name).withThreshold(Duration.ZERO);
      }
      r.start();
      work.run();
      r.stop();
      r.dump(file);
    }
    return RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().startsWith("dev.sluice.")).toList();
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
    return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
  }

  @Test
  void recordsConnectionTlsAuthAndEachTransaction() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().tls(dev.sluice.sink.TlsMode.STARTTLS).user(USER, "pw").start();
         SmtpClient client = SmtpClient.create(config(sink).credentials(Credentials.password(USER, "pw")).build())) {
      List<RecordedEvent> events = record(() -> {
        SmtpSession s = client.connect().join();
        s.send(Envelope.of("a@example.test", "b@example.test", "c@example.test"), MessageContent.of(MESSAGE)).join();
        s.send(Envelope.of("a@example.test", "d@example.test"), MessageContent.of(MESSAGE)).join();
        s.quit().join();
        // The close is reported from the event loop once the channel is gone.
        try {
          sink.awaitMessages(2, Duration.ofSeconds(10));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        waitForCommit(client);
      });

      RecordedEvent conn = single(named(events, "dev.sluice.Connection"));
      assertThat(conn.getString("host")).isEqualTo("localhost");
      assertThat(conn.getInt("port")).isEqualTo(sink.port());
      assertThat(conn.getString("remoteAddress")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
      assertThat(conn.getString("tlsProtocol")).startsWith("TLSv1.");
      assertThat(conn.getString("authMechanism")).isEqualTo("PLAIN");
      assertThat(conn.getBoolean("ready")).isTrue();
      assertThat(conn.getString("failure")).isEmpty();
      assertThat(conn.getDuration().isNegative()).isFalse();

      RecordedEvent tls = single(named(events, "dev.sluice.TlsHandshake"));
      assertThat(tls.getBoolean("success")).isTrue();
      assertThat(tls.getBoolean("implicit")).isFalse();
      assertThat(tls.getString("protocol")).isEqualTo(conn.getString("tlsProtocol"));
      assertThat(tls.getString("cipherSuite")).startsWith("TLS_");
      assertThat(tls.getDuration().toNanos()).isPositive();

      RecordedEvent auth = single(named(events, "dev.sluice.Auth"));
      assertThat(auth.getString("mechanism")).isEqualTo("PLAIN");
      assertThat(auth.getBoolean("success")).isTrue();
      assertThat(auth.getInt("replyCode")).isEqualTo(235);

      List<RecordedEvent> txs = named(events, "dev.sluice.Transaction");
      assertThat(txs).hasSize(2);
      assertThat(txs).extracting(e -> e.getInt("recipients")).containsExactlyInAnyOrder(2, 1);
      for (RecordedEvent tx : txs) {
        assertThat(tx.getString("result")).isEqualTo("ACCEPTED");
        assertThat(tx.getLong("size")).isEqualTo(MESSAGE.length);
        assertThat(tx.getInt("acceptedRecipients")).isEqualTo(tx.getInt("recipients"));
        assertThat(tx.getLong("queued")).isNotNegative();
        assertThat(tx.getDuration().toNanos()).isGreaterThanOrEqualTo(tx.getLong("queued"));
      }
    }
  }

  @Test
  void recordsAFailedAuthAndTheFailedConnection() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().tls(dev.sluice.sink.TlsMode.STARTTLS).user(USER, "pw").start();
         SmtpClient client = SmtpClient.create(config(sink).credentials(Credentials.password(USER, "wrong")).build())) {
      Throwable[] error = new Throwable[1];
      List<RecordedEvent> events = record(() -> error[0] = catchThrowable(() -> client.connect().join()));
      assertThat(error[0]).hasCauseInstanceOf(SmtpAuthenticationException.class);

      RecordedEvent auth = single(named(events, "dev.sluice.Auth"));
      assertThat(auth.getString("mechanism")).isEqualTo("PLAIN");
      assertThat(auth.getBoolean("success")).isFalse();
      assertThat(auth.getInt("replyCode")).isEqualTo(535);
      assertThat(auth.getString("failure")).contains("SmtpAuthenticationException").doesNotContain("wrong");

      RecordedEvent conn = single(named(events, "dev.sluice.Connection"));
      assertThat(conn.getBoolean("ready")).isFalse();
      assertThat(conn.getString("failure")).contains("AUTH");
    }
  }

  @Test
  void recordsAHandshakeThatFailsTheCertificateCheck() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().tls(dev.sluice.sink.TlsMode.STARTTLS).start();
         SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("localhost").port(sink.port())
             .timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(1).build())) {
      List<RecordedEvent> events = record(() -> catchThrowable(() -> client.connect().join()));
      RecordedEvent tls = single(named(events, "dev.sluice.TlsHandshake"));
      assertThat(tls.getBoolean("success")).isFalse();
      assertThat(tls.getString("failure")).contains("SmtpTlsException");
      assertThat(named(events, "dev.sluice.Auth")).isEmpty();
    }
  }

  @Test
  void theJdksDefaultSettingsAsJcmdJfrStartUsesThemRecordConnectionsAndSkipFastTransactions() throws Exception {
    Path file = dir.resolve("default.jfr");
    try (SmtpSink sink = SmtpSink.builder().inMemory().tls(dev.sluice.sink.TlsMode.STARTTLS).user(USER, "pw").start();
         SmtpClient client = SmtpClient.create(config(sink).credentials(Credentials.password(USER, "pw")).build());
         Recording r = new Recording(jdk.jfr.Configuration.getConfiguration("default"))) {
      r.start();
      SmtpSession s = client.connect().join();
      s.send(Envelope.of("a@example.test", "b@example.test"), MessageContent.of(MESSAGE)).join();
      s.quit().join();
      waitForCommit(client);
      r.stop();
      r.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().startsWith("dev.sluice.")).toList();
    assertThat(named(events, "dev.sluice.Connection")).hasSize(1);
    assertThat(named(events, "dev.sluice.TlsHandshake")).hasSize(1);
    assertThat(named(events, "dev.sluice.Auth")).hasSize(1);
    // Under the 20 ms threshold a loopback transaction is not recorded (unless the machine stalls).
    assertThat(named(events, "dev.sluice.Transaction")).allSatisfy(e ->
        assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(20)));
  }

  @Test
  void recordsNothingWhenTheEventsAreDisabled() throws Exception {
    Path file = dir.resolve("off.jfr");
    try (SmtpSink sink = SmtpSink.builder().inMemory().start();
         SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("localhost").port(sink.port())
             .tlsMode(TlsMode.NONE).ioThreads(1).build());
         Recording r = new Recording()) {
      r.disable("dev.sluice.Connection");
      r.disable("dev.sluice.Transaction");
      r.start();
      SmtpSession s = client.connect().join();
      s.send(Envelope.of("a@example.test", "b@example.test"), MessageContent.of(MESSAGE)).join();
      s.quit().join();
      r.stop();
      r.dump(file);
    }
    assertThat(RecordingFile.readAllEvents(file)).noneMatch(e -> e.getEventType().getName().startsWith("dev.sluice."));
    assertThat(Files.size(file)).isPositive();
  }

  /** The connection event commits on the event loop after the close: run a task there after it. */
  private static void waitForCommit(SmtpClient client) {
    for (int i = 0; i < 3; i++) {
      client.group().submit(() -> { }).syncUninterruptibly();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static RecordedEvent single(List<RecordedEvent> events) {
    assertThat(events).hasSize(1);
    return events.get(0);
  }
}
