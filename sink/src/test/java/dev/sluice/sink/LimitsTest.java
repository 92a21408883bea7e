package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {

  @Test
  void refusesRecipientsOverTheLimitWith452() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().maxRecipients(2).start(); RawClient c = RawClient.connect(sink)) {
      c.hello();
      c.command("MAIL FROM:<a@example.test>");
      assertThat(c.command("RCPT TO:<1@example.test>").code()).isEqualTo(250);
      assertThat(c.command("RCPT TO:<2@example.test>").code()).isEqualTo(250);
      assertThat(c.command("RCPT TO:<3@example.test>").toString()).isEqualTo("452 4.5.3 Error: too many recipients");
      c.command("DATA");
      c.command("x\r\n.");
      assertThat(sink.awaitMessages(1, Duration.ofSeconds(5)).get(0).recipients()).hasSize(2);
    }
  }

  @Test
  void closesAnIdleConnectionWith421() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().idleTimeout(Duration.ofMillis(300)).start();
        RawClient c = RawClient.connect(sink)) {
      c.hello();

      assertThat(c.reply().toString()).isEqualTo("421 4.4.2 localhost Error: timeout exceeded");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void keepsAnActiveConnectionOpenPastTheIdleTimeout() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().idleTimeout(Duration.ofMillis(400)).start();
        RawClient c = RawClient.connect(sink)) {
      c.hello();
      for (int i = 0; i < 6; i++) {
        Thread.sleep(150);
        assertThat(c.command("NOOP").code()).isEqualTo(250);
      }
    }
  }

  @Test
  void refusesConnectionsOverTheLimitWith421() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().maxConnections(1).start(); RawClient first = RawClient.connect(sink)) {
      first.hello();
      try (RawClient second = RawClient.connect(sink)) {
        assertThat(second.reply().toString()).isEqualTo("421 4.7.0 localhost Error: too many connections");
        assertThat(second.closedByServer()).isTrue();
      }
      assertThat(first.command("NOOP").code()).isEqualTo(250);
      assertThat(sink.counters().refusedConnections()).isEqualTo(1);
    }
  }
}
