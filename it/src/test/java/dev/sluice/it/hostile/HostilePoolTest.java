package dev.sluice.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TlsMode;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.client.bulk.PoolConfig;
import dev.sluice.client.bulk.RetryPolicy;
import dev.sluice.client.bulk.SmtpPool;
import dev.sluice.sink.SmtpSink;
import dev.sluice.testkit.ScriptedServer;
import dev.sluice.testkit.ScriptedServer.Script;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Pooled connections that the server closes while they sit idle: the next message must go on a
 * fresh connection and be delivered, not be handed to the dead one.
 */
class HostilePoolTest {

  private static final long DEADLINE_SECONDS = 20;
  private static final PoolConfig ONE_CONNECTION = PoolConfig.DEFAULT.withMaxConnections(1);

  private static SmtpClient client(int port) {
    return SmtpClient.create(SmtpClientConfig.builder("127.0.0.1").port(port).tlsMode(TlsMode.NONE)
        .heloName("client.test").timeouts(Timeouts.all(Duration.ofSeconds(3))).build());
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void sendsTheNextMessageOnAFreshConnectionAfterTheServerClosedAnIdleOneWith421() throws Exception {
    MessageContent body = MessageContent.of("Subject: pooled\r\n\r\nbody\r\n");
    try (SmtpSink sink = SmtpSink.builder().idleTimeout(Duration.ofMillis(300)).start();
         SmtpClient client = client(sink.port())) {
      SmtpPool pool = new SmtpPool(client, ONE_CONNECTION);
      try {
        SendResult first = pool.send(Envelope.of("a@example.test", "one@example.test"), body)
            .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        await("the sink's idle timeout closed the pooled connection", () -> pool.stats().open() == 0);

        SendResult second = pool.send(Envelope.of("a@example.test", "two@example.test"), body)
            .get(DEADLINE_SECONDS, TimeUnit.SECONDS);

        assertThat(first.accepted()).isTrue();
        assertThat(second.accepted()).isTrue();
        assertThat(pool.stats().opened()).isEqualTo(2);
        assertThat(sink.awaitMessages(2, Duration.ofSeconds(5)))
            .extracting(m -> m.recipientAddresses().get(0)).containsExactly("one@example.test", "two@example.test");
        assertThat(sink.counters().connections()).isEqualTo(2);
      } finally {
        pool.close();
        body.release();
      }
    }
  }

  @Test
  void bulkSenderDeliversOnTheFirstAttemptAfterAnIdleConnectionWasDroppedSilently() throws Exception {
    // every connection: one transaction, then 300 ms idle, then the server hangs up without a word
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n354 go\r\n").readData().send("250 2.0.0 queued\r\n")
        .pause(Duration.ofMillis(300)).close();
    MessageContent body = MessageContent.of("Subject: bulk\r\n\r\nbody\r\n");
    try (ScriptedServer server = ScriptedServer.start(script);
         SmtpClient client = client(server.port())) {
      BulkSender bulk = BulkSender.create(client, BulkConfig.DEFAULT.withPool(ONE_CONNECTION)
          .withRetry(RetryPolicy.NONE));
      try {
        Outcome first = bulk.submit(Envelope.of("a@example.test", "one@example.test"), body)
            .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        await("the server dropped the idle connection", () -> bulk.pool().stats().open() == 0);

        Outcome second = bulk.submit(Envelope.of("a@example.test", "two@example.test"), body)
            .get(DEADLINE_SECONDS, TimeUnit.SECONDS);

        assertThat(first.status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(second.status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(second.attempts()).isEqualTo(1);
        assertThat(bulk.pool().stats().opened()).isEqualTo(2);
        assertThat(server.received().split("MAIL FROM", -1)).hasSize(3);
        assertThat(server.errors()).isEmpty();
      } finally {
        bulk.close();
        body.release();
      }
    }
  }
}
