package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Pipelined BDAT against the sink over loopback, with refusals sprinkled in (recipients and BDAT
 * LAST, at random from a fixed seed): every message ends as the sink decided, and the sink stored
 * exactly the messages the client reports accepted.
 */
class PipelinedBdatSinkTest {

  private static final int MESSAGES = 300;

  @Test
  void everyMessageEndsAsTheSinkDecidedAndOnlyAcceptedOnesAreStored() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().bind("127.0.0.1").port(0).inMemory()
        .fault("rcpt:550 5.1.1 no such user@20%").fault("data-end:554 5.7.1 content refused@10%").faultSeed(7)
        .start()) {
      AtomicInteger bdatsBeforeFirstReply = new AtomicInteger();
      AtomicInteger replies = new AtomicInteger();
      SmtpClientConfig config = SmtpClientConfig.builder("localhost").port(sink.port()).tlsMode(TlsMode.NONE)
          .heloName("client.test").timeouts(Timeouts.all(Duration.ofSeconds(20))).ioThreads(1)
          .trace(new WireTrace() {
            @Override
            public void sent(String line) {
              if (line.startsWith("BDAT") && replies.get() <= 3) {
                bdatsBeforeFirstReply.incrementAndGet();
              }
            }

            @Override
            public void received(String line) {
              if (line.length() > 3 && line.charAt(3) == ' ') {
                replies.incrementAndGet();
              }
            }
          }).build();
      List<CompletableFuture<SendResult>> results = new ArrayList<>();
      try (SmtpClient client = SmtpClient.create(config)) {
        SmtpSession session = client.connect().get(20, TimeUnit.SECONDS);
        replies.set(0); // count from the first transaction on
        for (int i = 0; i < MESSAGES; i++) {
          MessageContent m = MessageContent.of("Message-ID: <m" + i + "@client.test>\r\nSubject: " + i + "\r\n\r\nbody "
              + i + "\r\n");
          results.add(session.send(Envelope.of("a@client.test", "r" + i + "@sink.test"), m));
          m.release();
        }
        Set<String> accepted = new HashSet<>();
        int rejected = 0;
        for (int i = 0; i < MESSAGES; i++) {
          try {
            SendResult r = results.get(i).get(30, TimeUnit.SECONDS);
            assertThat(r.accepted()).isTrue();
            accepted.add("m" + i);
          } catch (ExecutionException e) {
            assertThat(e.getCause()).as("message %d", i).isInstanceOf(SmtpRejectedException.class);
            assertThat(((SmtpRejectedException) e.getCause()).reply().code()).isIn(550, 554);
            rejected++;
          }
        }
        session.quit().get(10, TimeUnit.SECONDS);

        assertThat(rejected).as("the faults fired").isBetween(MESSAGES / 10, MESSAGES / 2);
        List<StoredMessage> stored = sink.awaitMessages(accepted.size(), Duration.ofSeconds(10));
        Set<String> storedIds = new HashSet<>();
        for (StoredMessage m : stored) {
          String text = m.dataAsString();
          storedIds.add(text.substring(text.indexOf('<') + 1, text.indexOf('@')));
        }
        Thread.sleep(200); // nothing more arrives
        assertThat(sink.messages()).hasSize(accepted.size());
        assertThat(storedIds).isEqualTo(accepted);
        assertThat(bdatsBeforeFirstReply.get()).as("BDATs written before the first transaction's replies").isGreaterThan(1);
      }
    }
  }
}
