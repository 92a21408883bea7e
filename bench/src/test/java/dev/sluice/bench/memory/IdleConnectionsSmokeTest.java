package dev.sluice.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.TlsMode;
import org.junit.jupiter.api.Test;

/**
 * Keeps the idle-connection memory measurement running in {@code mvn verify}: 50 connections with
 * STARTTLS to an in-process sink (so the figure includes the sink's side and means little; the real
 * run is {@code bench/scripts/idle-memory.sh}).
 */
class IdleConnectionsSmokeTest {

  @Test
  void measuresTheHeapOfIdleSessions() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().countOnly().tls(TlsMode.STARTTLS).start()) {
      IdleConnections.Result r = IdleConnections.measure("127.0.0.1", sink.port(), 50, "starttls-jdk",
          sink.certificate().certificate());

      assertThat(r.connections()).isEqualTo(50);
      assertThat(r.heapPerConnection()).isPositive();
      assertThat(r.histogram()).contains("bytes/c");
    }
  }
}
