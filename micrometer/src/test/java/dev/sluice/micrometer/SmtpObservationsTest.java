package dev.sluice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpRejectedException;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.TlsMode;
import dev.sluice.sink.SmtpSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** One observation per message: child of the caller's, queued/wire marked, result and error set. */
class SmtpObservationsTest {

  /** What a tracing handler would see, with the moment of each call. */
  record Seen(String what, Observation.Context context, long at) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final ObservationRegistry observations = ObservationRegistry.create();

  SmtpObservationsTest() {
    observations.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public void onStart(Observation.Context c) {
        seen.add(new Seen("start", c, System.nanoTime()));
      }

      @Override
      public void onEvent(Observation.Event event, Observation.Context c) {
        seen.add(new Seen("event:" + event.getName(), c, System.nanoTime()));
      }

      @Override
      public void onStop(Observation.Context c) {
        seen.add(new Seen("stop", c, System.nanoTime()));
      }

      @Override
      public boolean supportsContext(Observation.Context c) {
        return true;
      }
    });
  }

  @Test
  void eachMessageIsAChildObservationOfTheCallerWithItsResult() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().fault("rcpt:550 5.1.1 no such user@100%").start();
         SmtpClient client = SmtpClient.create(SluiceMeters.instrument(SmtpClientConfig.builder("localhost")
             .port(sink.port()).tlsMode(TlsMode.NONE).ioThreads(1).build(), new SimpleMeterRegistry(), observations))) {
      SmtpSession s = client.connect().get();
      Observation parent = Observation.start("job", observations);
      try (Observation.Scope scope = parent.openScope()) {
        Throwable e = catchThrowable(() -> s.send(Envelope.of("a@example.test", "b@example.test"),
            MessageContent.of("Subject: t\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII))).join());
        assertThat(e).hasCauseInstanceOf(SmtpRejectedException.class);
      }
      parent.stop();
      s.quit().get();
    }
    List<Seen> tx = seen.stream().filter(x -> x.context().getName().equals(SmtpObservations.NAME)).toList();
    assertThat(tx).extracting(Seen::what).containsExactly("start", "event:" + SmtpObservations.WRITTEN, "stop");
    assertThat(tx.get(0).at()).isLessThanOrEqualTo(tx.get(1).at());
    assertThat(tx.get(1).at()).isLessThanOrEqualTo(tx.get(2).at());
    Observation.Context c = tx.get(2).context();
    assertThat(c.getContextualName()).isEqualTo("smtp send");
    assertThat(c.getParentObservation()).isNotNull();
    assertThat(c.getParentObservation().getContextView().getName()).isEqualTo("job");
    assertThat(c.getLowCardinalityKeyValue("smtp.result").getValue()).isEqualTo("rejected");
    assertThat(c.getLowCardinalityKeyValue("server.address").getValue()).isEqualTo("localhost");
    assertThat(c.getHighCardinalityKeyValue("smtp.recipients").getValue()).isEqualTo("1");
    assertThat(c.getHighCardinalityKeyValue("smtp.accepted_recipients").getValue()).isEqualTo("0");
    assertThat(c.getError()).isInstanceOf(SmtpRejectedException.class);
  }

  @Test
  void aNoopRegistryCreatesNothing() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().start();
         SmtpClient client = SmtpClient.create(SluiceMeters.instrument(SmtpClientConfig.builder("localhost")
             .port(sink.port()).tlsMode(TlsMode.NONE).ioThreads(1).build(), new SimpleMeterRegistry(),
             ObservationRegistry.NOOP))) {
      SmtpSession s = client.connect().get();
      s.send(Envelope.of("a@example.test", "b@example.test"),
          MessageContent.of("Subject: t\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII))).get();
      s.quit().get();
    }
    assertThat(seen).isEmpty();
  }
}
