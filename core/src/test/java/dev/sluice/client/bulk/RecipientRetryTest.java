package dev.sluice.client.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.MessageRefusedException;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TlsMode;
import dev.sluice.sink.Extension;
import dev.sluice.sink.Recipient;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import dev.sluice.sink.handler.MessageHandler;
import dev.sluice.sink.handler.Verdict;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, items 4 and 6: recipients that got a 4xx go again, each recipient ends in exactly one
 * outcome, and a message never started on a failed connection is not condemned with it.
 */
class RecipientRetryTest {

  private static final RetryPolicy FAST_RETRY = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(50), 2);

  private static SmtpClientConfig.Builder plain(SmtpSink sink) {
    return SmtpClientConfig.builder("127.0.0.1").port(sink.port()).tlsMode(TlsMode.NONE).heloName("bulk.test")
        .timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(1);
  }

  @Test
  void fifteenHundredRecipientsToASinkThatTakesAThousandGoInTwoTransactions() throws Exception {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      all.add("r" + i + "@bulk.test");
    }
    try (SmtpSink sink = SmtpSink.builder().inMemory().maxRecipients(1000).start();
         SmtpClient client = SmtpClient.create(plain(sink).build());
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT.withRetry(FAST_RETRY))) {
      MessageContent m = MessageContent.of("Subject: many\r\n\r\nhello\r\n");
      Outcome o = sender.submit(Envelope.of("a@bulk.test", all), m).get();
      m.release();

      assertThat(o.status()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(o.error()).isNull();
      assertThat(o.recipients()).hasSize(1500).allSatisfy(r -> assertThat(r.status()).isEqualTo(Outcome.Status.DELIVERED));
      assertThat(o.recipients()).extracting(RecipientOutcome::address).containsExactlyElementsOf(all);
      List<StoredMessage> stored = sink.awaitMessages(2, Duration.ofSeconds(10));
      assertThat(stored).extracting(s -> s.recipients().size()).containsExactly(1000, 500);
      List<String> received = new ArrayList<>();
      stored.forEach(s -> s.recipients().forEach(r -> received.add(r.address())));
      assertThat(received).containsExactlyElementsOf(all);
      BulkStats stats = sender.stats();
      assertThat(stats.delivered()).isEqualTo(1);
      assertThat(stats.recipients()).isEqualTo(new BulkStats.Recipients(1500, 0, 0, 0));
    }
  }

  @Test
  void aMessageQueuedBehindARefused8BitOneIsNotRefusedWithIt() throws Exception {
    byte[] eightBit = new byte[300 * 1024];
    java.util.Arrays.fill(eightBit, (byte) 'x');
    eightBit[1000] = (byte) 0xE9;
    try (SmtpSink sink = SmtpSink.builder().inMemory().disable(Extension.EIGHT_BIT_MIME).start();
         // The default window: ASCII messages dispatched ahead of the streamed one may be written and
         // unanswered when its 8-bit refusal is found; the connection waits for their replies before
         // it drops (EightBitRefusalDrainTest), so they too end DELIVERED, not UNKNOWN.
         SmtpClient client = SmtpClient.create(plain(sink).build());
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT.withRetry(FAST_RETRY)
             .withPool(PoolConfig.DEFAULT.withMaxConnections(1)))) {
      MessageContent streamed = MessageContent.ofStream(() -> new ByteArrayInputStream(eightBit));
      CompletableFuture<Outcome> refused = sender.submit(Envelope.of("a@bulk.test", "b@bulk.test"), streamed);
      List<CompletableFuture<Outcome>> ascii = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        MessageContent m = MessageContent.of("Subject: ascii " + i + "\r\n\r\nplain\r\n");
        ascii.add(sender.submit(Envelope.of("a@bulk.test", "c" + i + "@bulk.test"), m));
        m.release();
      }
      streamed.release();

      assertThat(refused.get().status()).isEqualTo(Outcome.Status.REJECTED);
      assertThat(refused.get().error()).isInstanceOf(MessageRefusedException.class);
      for (CompletableFuture<Outcome> f : ascii) {
        assertThat(f.get().status()).as("%s", f.get().error()).isEqualTo(Outcome.Status.DELIVERED);
      }
      assertThat(sink.awaitMessages(20, Duration.ofSeconds(10))).hasSize(20);
    }
  }

  /**
   * The 8-bit message's own RCPT reply is held back, so when its first chunk shows the 8-bit byte
   * its MAIL/RCPT replies are still pending: failing the connection fails those too, and that must
   * not turn the message's refusal into a lost connection (it did, depending on timing).
   */
  @Test
  void aRefusalFoundWhileTheMessagesOwnRepliesArePendingIsStillARefusal() throws Exception {
    byte[] eightBit = new byte[64 * 1024];
    java.util.Arrays.fill(eightBit, (byte) 'x');
    eightBit[10] = (byte) 0xE9;
    MessageHandler slowB = new MessageHandler() {
      @Override
      public Verdict recipient(String from, Recipient recipient) {
        return recipient.address().startsWith("b@") ? Verdict.accept().after(Duration.ofMillis(300)) : Verdict.accept();
      }
    };
    try (SmtpSink sink = SmtpSink.builder().inMemory().disable(Extension.EIGHT_BIT_MIME).handler(slowB).start();
         SmtpClient client = SmtpClient.create(plain(sink).build());
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT.withRetry(FAST_RETRY)
             .withPool(PoolConfig.DEFAULT.withMaxConnections(1)))) {
      MessageContent streamed = MessageContent.ofStream(() -> new ByteArrayInputStream(eightBit));
      Outcome refused = sender.submit(Envelope.of("a@bulk.test", "b@bulk.test"), streamed).get();
      streamed.release();
      MessageContent ascii = MessageContent.of("Subject: after\r\n\r\nplain\r\n");
      Outcome after = sender.submit(Envelope.of("a@bulk.test", "c@bulk.test"), ascii).get();
      ascii.release();

      assertThat(refused.status()).as("%s", refused.error()).isEqualTo(Outcome.Status.REJECTED);
      assertThat(refused.error()).isInstanceOf(MessageRefusedException.class);
      assertThat(after.status()).as("%s", after.error()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(sink.awaitMessages(1, Duration.ofSeconds(10))).hasSize(1);
    }
  }
}
