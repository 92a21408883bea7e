package dev.sluice.client.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TlsMode;
import dev.sluice.sink.SmtpSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The bulk sender's message transform (the hook DKIM signing uses): once per message, off the event loop. */
class BulkSenderTransformTest {

  private static SmtpClientConfig plain(SmtpSink sink) {
    return SmtpClientConfig.builder("127.0.0.1").port(sink.port()).tlsMode(TlsMode.NONE).heloName("bulk.test")
        .timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(2).build();
  }

  /** Prepends a header without copying the message, as the DKIM signer does. */
  private static MessageContent stamp(MessageContent content) {
    ByteBuf data = ((MessageContent.InMemory) content).retainedData();
    ByteBuf header = Unpooled.copiedBuffer("X-Stamp: yes\r\n", StandardCharsets.US_ASCII);
    return MessageContent.of(Unpooled.compositeBuffer(2).addComponents(true, header, data));
  }

  @Test
  void sendsWhatTheTransformMadeAndRunsItOffTheEventLoop() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    MessageTransform transform = (envelope, content) -> {
      threads.add(Thread.currentThread().getName());
      assertThat(Thread.currentThread()).isNotInstanceOf(FastThreadLocalThread.class);
      return stamp(content);
    };
    try (SmtpSink sink = SmtpSink.builder().inMemory().start();
         SmtpClient client = SmtpClient.create(plain(sink));
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT.withTransform(transform).withMaxInFlight(8))) {
      List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        MessageContent m = MessageContent.of("Subject: " + i + "\r\n\r\nbody\r\n");
        outcomes.add(sender.submit(Envelope.of("a@bulk.test", "b@bulk.test"), m));
        m.release();
      }
      for (CompletableFuture<Outcome> o : outcomes) {
        assertThat(o.get().status()).isEqualTo(Outcome.Status.DELIVERED);
      }
      sender.closeGracefully().get();
      assertThat(sink.messages()).hasSize(50).allSatisfy(m ->
          assertThat(new String(m.data(), StandardCharsets.US_ASCII)).startsWith("X-Stamp: yes\r\nSubject: "));
      assertThat(threads).isNotEmpty();
    }
  }

  @Test
  void aTransformThatThrowsFailsTheMessageAndSendsNothing() throws Exception {
    IllegalStateException refusal = new IllegalStateException("no From header");
    try (SmtpSink sink = SmtpSink.builder().inMemory().start();
         SmtpClient client = SmtpClient.create(plain(sink));
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT.withTransform((e, c) -> {
           throw refusal;
         }))) {
      MessageContent m = MessageContent.of("Subject: x\r\n\r\nbody\r\n");
      Outcome o = sender.submit(Envelope.of("a@bulk.test", "b@bulk.test"), m).get();
      m.release();
      sender.closeGracefully().get();
      assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(o.error()).isSameAs(refusal);
      assertThat(o.attempts()).isZero();
      assertThat(sink.messages()).isEmpty();
      assertThat(sender.stats().failed()).isEqualTo(1);
    }
  }
}
