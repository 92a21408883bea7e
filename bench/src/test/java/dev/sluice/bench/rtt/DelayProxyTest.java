package dev.sluice.bench.rtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sink.SmtpSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DelayProxyTest {

  @Test
  void relaysBothWaysUnchangedAndEachRoundTripTakesAtLeastTwiceTheDelay() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().bind("127.0.0.1").port(0).countOnly().start();
        DelayProxy proxy = DelayProxy.start(new InetSocketAddress("127.0.0.1", 0),
            new InetSocketAddress("127.0.0.1", sink.port()), Duration.ofMillis(40));
        Socket s = new Socket("127.0.0.1", proxy.port())) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = s.getOutputStream();
      assertThat(in.readLine()).startsWith("220 ");
      long t0 = System.nanoTime();
      out.write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(in.readLine()).startsWith("250");
      assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(80).toNanos());
      out.write("NOOP\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(in.readLine()).startsWith("250");
      assertThat(in.readLine()).startsWith("221");
      assertThat(in.readLine()).isNull(); // the server's close reaches the client too
    }
  }

  @Test
  void refusesAnythingButLoopback() {
    assertThatThrownBy(() -> DelayProxy.start(new InetSocketAddress("127.0.0.1", 0),
        new InetSocketAddress("192.0.2.1", 25), Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback only");
  }
}
