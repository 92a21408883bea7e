package dev.sluice.client.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TlsMode;
import dev.sluice.sink.SmtpSink;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close() called from a completion callback (on the client's event loop) must not deadlock. */
class CloseFromCallbackTest {

  private static SmtpClientConfig plain(SmtpSink sink) {
    return SmtpClientConfig.builder("127.0.0.1").port(sink.port()).tlsMode(TlsMode.NONE).heloName("bulk.test")
        .timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(1).build();
  }

  @Test
  void closingTheBulkSenderFromAnOutcomeCallbackReturnsAndStillDrains() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().start(); SmtpClient client = SmtpClient.create(plain(sink))) {
      BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT);
      MessageContent m = MessageContent.of("Subject: x\r\n\r\nbody\r\n");
      CompletableFuture<Void> closedInCallback = sender.submit(Envelope.of("a@bulk.test", "b@bulk.test"), m)
          .thenAccept(o -> sender.close());
      m.release();

      closedInCallback.get(20, TimeUnit.SECONDS); // before the fix: the loop waited on itself
      sender.closeGracefully().get(20, TimeUnit.SECONDS);
      assertThat(sender.stats().delivered()).isEqualTo(1);
      assertThat(sender.pool().stats().open()).isZero();
    }
  }

  @Test
  void closingThePoolFromASendCallbackReturnsAndClosesIt() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().start(); SmtpClient client = SmtpClient.create(plain(sink))) {
      SmtpPool pool = new SmtpPool(client, PoolConfig.DEFAULT);
      MessageContent m = MessageContent.of("Subject: x\r\n\r\nbody\r\n");
      CompletableFuture<Void> closedInCallback = pool.send(Envelope.of("a@bulk.test", "b@bulk.test"), m)
          .thenAccept(r -> pool.close());
      m.release();

      closedInCallback.get(20, TimeUnit.SECONDS);
      pool.closeGracefully().get(20, TimeUnit.SECONDS);
      assertThat(pool.stats().open()).isZero();
    }
  }
}
