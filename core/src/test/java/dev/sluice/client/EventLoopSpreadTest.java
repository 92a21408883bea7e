package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sink.SmtpSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Connections opened one after another take the client's event loops in turn. (Asking the group
 * for its transport on every connect used to take a loop too, so that on a two-loop group every
 * connection landed on the same loop and one core did all the work.)
 */
class EventLoopSpreadTest {

  @Test
  void sequentialConnectionsAreSpreadEvenlyOverTheEventLoops() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().countOnly().start();
         SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("localhost").port(sink.port())
             .tlsMode(TlsMode.NONE).heloName("client.test").timeouts(Timeouts.all(Duration.ofSeconds(10)))
             .ioThreads(2).build())) {
      List<SmtpSession> sessions = new ArrayList<>();
      Map<Object, Integer> perLoop = new HashMap<>();
      for (int i = 0; i < 8; i++) {
        SmtpSession session = client.connect().get();
        sessions.add(session);
        perLoop.merge(session.eventLoop(), 1, Integer::sum);
      }
      assertThat(perLoop).hasSize(2).allSatisfy((loop, count) -> assertThat(count).isEqualTo(4));
      for (SmtpSession session : sessions) {
        session.quit().get();
      }
    }
  }
}
