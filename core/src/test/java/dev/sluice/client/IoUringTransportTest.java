package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.sink.SmtpSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link TransportType#IO_URING}: the client runs on io_uring event loops and channels when the
 * kernel allows it (5.9+, not disabled by {@code kernel.io_uring_disabled}), with pipelined BDAT
 * against the sink; skipped where io_uring does not load.
 */
class IoUringTransportTest {

  @Test
  void aBulkSendOnIoUringDeliversEveryMessage() throws Exception {
    Assumptions.assumeTrue(Transports.ioUringAvailable(), "io_uring does not load on this kernel");
    try (SmtpSink sink = SmtpSink.builder().bind("127.0.0.1").port(0).inMemory().start();
         SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("127.0.0.1").port(sink.port())
             .tlsMode(TlsMode.NONE).heloName("client.test").timeouts(Timeouts.all(Duration.ofSeconds(10)))
             .transport(TransportType.IO_URING).ioThreads(1).build())) {
      assertThat(Transports.name(client.group())).isEqualTo("io_uring");
      List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
      try (BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT)) {
        for (int i = 0; i < 200; i++) {
          MessageContent m = MessageContent.of("Subject: " + i + "\r\n\r\nbody " + i + "\r\n");
          outcomes.add(sender.submit(Envelope.of("a@client.test", "r" + i + "@sink.test"), m));
          m.release();
        }
      }
      assertThat(outcomes).allSatisfy(f -> assertThat(f.get().status()).isEqualTo(Outcome.Status.DELIVERED));
      assertThat(sink.awaitMessages(200, Duration.ofSeconds(10))).hasSize(200);
    }
  }
}
