package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Clients that try to hold the sink's resources (issue 12, items 2 and 7): one that pipelines and
 * never reads, password guessing, one address taking every connection.
 */
class AbuseTest {

  /** Connects with a tiny receive buffer and writes NOOPs until the sink stops taking them; never reads. */
  private static Thread flood(SmtpSink sink, Socket socket) throws IOException {
    socket.setReceiveBufferSize(4096);
    socket.connect(sink.address());
    byte[] burst = "NOOP\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
    Thread t = new Thread(() -> {
      try {
        OutputStream out = socket.getOutputStream();
        for (int i = 0; i < 100; i++) { // up to 6 MB of commands
          out.write(burst);
        }
      } catch (IOException closedBySink) {
        // expected: the sink hung up
      }
    }, "flooder");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void aClientThatPipelinesAndNeverReadsIsClosedAtTheIdleTimeoutWithItsRepliesBounded() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().idleTimeout(Duration.ofMillis(500)).start(); Socket s = new Socket()) {
      flood(sink, s);
      Await.until("the sink closes the connection", () -> sink.counters().activeConnections() == 0
          && sink.counters().connections() == 1);
      // Before: every command read in one burst got its reply buffered (~1 MB of commands, ~170k replies).
      assertThat(sink.counters().commands()).as("replies built for a client that reads none").isLessThan(40_000);
    }
  }

  @Test
  void repliesLeftUnreadPastTheWriteTimeoutCloseTheConnection() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().idleTimeout(Duration.ofMinutes(5)).writeTimeout(Duration.ofMillis(500))
        .start(); Socket s = new Socket()) {
      flood(sink, s);
      Await.until("the write timeout closes the connection", () -> sink.counters().activeConnections() == 0
          && sink.counters().connections() == 1);
    }
  }

  @Test
  void failedAuthenticationsAreAnsweredLateAndTheLastAllowedGets421() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().user("u@example.test", "right").authOnlyAfterTls(false)
        .authFailures(3, Duration.ofMillis(300)).start(); RawClient c = RawClient.connect(sink)) {
      c.hello();
      String wrong = "AUTH PLAIN " + Base64.getEncoder().encodeToString("\0u@example.test\0wrong".getBytes(StandardCharsets.UTF_8));
      long started = System.nanoTime();
      assertThat(c.command(wrong).code()).isEqualTo(535);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered late").isGreaterThanOrEqualTo(Duration.ofMillis(250));
      assertThat(c.command(wrong).code()).isEqualTo(535);
      assertThat(c.command(wrong).toString()).startsWith("421 4.7.0").contains("too many failed authentications");
      assertThat(c.closedByServer()).isTrue();
      assertThat(sink.counters().authFailures()).isEqualTo(3);
    }
  }

  @Test
  void oneAddressCannotTakeMoreThanItsShareOfConnections() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().maxConnectionsPerIp(2).start();
         RawClient a = RawClient.connect(sink); RawClient b = RawClient.connect(sink)) {
      assertThat(a.reply().code()).isEqualTo(220);
      assertThat(b.reply().code()).isEqualTo(220);
      try (RawClient c = RawClient.connect(sink)) {
        assertThat(c.reply().toString()).startsWith("421 4.7.0").contains("from your address");
        assertThat(c.closedByServer()).isTrue();
      }
      a.command("QUIT");
      Await.until("the first connection is gone", () -> sink.counters().activeConnections() == 1);
      try (RawClient d = RawClient.connect(sink)) {
        assertThat(d.reply().code()).as("a slot freed by a closed connection is reused").isEqualTo(220);
      }
    }
  }
}
