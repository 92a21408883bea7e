package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A message this client refuses mid-stream (8-bit data, no 8BITMIME) behind pipelined BDAT
 * transactions whose end of data already left: the connection stops writing, waits for the replies
 * owed to those (bounded by the reply timeout), then closes. They get real outcomes, not UNKNOWN.
 * The sink holds back the replies to the messages ahead, so they are surely unanswered when the
 * refusal is found; before this change they ended UNKNOWN.
 */
class EightBitRefusalDrainTest {

  private static final int AHEAD = 3;

  /** Accepts "ahead" recipients after {@code delay}, everyone else at once. */
  private static MessageHandler slowAhead(Duration delay) {
    return new MessageHandler() {
      @Override
      public Verdict recipient(String from, Recipient recipient) {
        return recipient.address().startsWith("ahead") ? Verdict.accept().after(delay) : Verdict.accept();
      }
    };
  }

  private static SmtpClientConfig config(SmtpSink sink, Duration timeout) {
    return SmtpClientConfig.builder("127.0.0.1").port(sink.port()).tlsMode(TlsMode.NONE).heloName("client.test")
        .timeouts(Timeouts.all(timeout)).ioThreads(1).build();
  }

  private static MessageContent eightBitStream() {
    byte[] data = new byte[64 * 1024];
    java.util.Arrays.fill(data, (byte) 'x');
    data[100] = (byte) 0xE9;
    return MessageContent.ofStream(() -> new ByteArrayInputStream(data));
  }

  /** Sends AHEAD small messages, then the 8-bit stream, on one session without waiting in between. */
  private static List<CompletableFuture<SendResult>> sendAheadThenRefused(SmtpSession session) {
    List<CompletableFuture<SendResult>> all = new ArrayList<>();
    for (int i = 0; i < AHEAD; i++) {
      MessageContent m = MessageContent.of("Message-ID: <ahead" + i + "@client.test>\r\nSubject: " + i + "\r\n\r\nplain\r\n");
      all.add(session.send(Envelope.of("a@client.test", "ahead" + i + "@sink.test"), m));
      m.release();
    }
    MessageContent refused = eightBitStream();
    all.add(session.send(Envelope.of("a@client.test", "b@sink.test"), refused));
    refused.release();
    return all;
  }

  @Test
  void messagesWrittenAheadOfTheRefusedOneGetTheirRepliesBeforeTheConnectionCloses() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().bind("127.0.0.1").port(0).inMemory().disable(Extension.EIGHT_BIT_MIME)
        .handler(slowAhead(Duration.ofMillis(300))).start();
         SmtpClient client = SmtpClient.create(config(sink, Duration.ofSeconds(10)))) {
      SmtpSession session = client.connect().get(10, TimeUnit.SECONDS);
      assertThat(session.info().capabilities().chunking()).isTrue();
      List<CompletableFuture<SendResult>> results = sendAheadThenRefused(session);

      Throwable refusal = catchThrowable(() -> results.get(AHEAD).get(10, TimeUnit.SECONDS));
      assertThat(refusal).isInstanceOf(ExecutionException.class).cause().isInstanceOf(MessageRefusedException.class);
      // The refused message hears of it before the replies owed to the others have come.
      assertThat(results.subList(0, AHEAD)).noneMatch(CompletableFuture::isDone);
      for (int i = 0; i < AHEAD; i++) {
        SendResult r = results.get(i).get(10, TimeUnit.SECONDS);
        assertThat(r.accepted()).as("message %d", i).isTrue();
      }
      session.closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(session.failure()).isInstanceOf(MessageRefusedException.class);
      List<StoredMessage> stored = sink.awaitMessages(AHEAD, Duration.ofSeconds(10));
      assertThat(stored).hasSize(AHEAD).allSatisfy(m -> assertThat(m.dataAsString()).contains("ahead"));
      assertThat(sink.messages()).hasSize(AHEAD);
    }
  }

  @Test
  void theWaitIsBoundedByTheReplyTimeoutAndWhatStaysUnansweredIsUnknown() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().bind("127.0.0.1").port(0).inMemory().disable(Extension.EIGHT_BIT_MIME)
        .handler(slowAhead(Duration.ofSeconds(30))).start();
         SmtpClient client = SmtpClient.create(config(sink, Duration.ofSeconds(1)))) {
      SmtpSession session = client.connect().get(10, TimeUnit.SECONDS);
      List<CompletableFuture<SendResult>> results = sendAheadThenRefused(session);

      Throwable refusal = catchThrowable(() -> results.get(AHEAD).get(10, TimeUnit.SECONDS));
      assertThat(refusal).cause().isInstanceOf(MessageRefusedException.class);
      Throwable first = catchThrowable(() -> results.get(0).get(10, TimeUnit.SECONDS));
      assertThat(first).cause().isInstanceOf(SmtpTimeoutException.class);
      assertThat(((SmtpException) first.getCause()).deliveryUnknown()).as("its end of data left").isTrue();
      session.closeFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
