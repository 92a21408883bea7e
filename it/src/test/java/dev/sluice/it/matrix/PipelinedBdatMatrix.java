package dev.sluice.it.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.ChunkingPolicy;
import dev.sluice.client.Credentials;
import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpRejectedException;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.WireTrace;
import dev.sluice.it.peers.Peers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Pipelined BDAT across transactions against a real server: many messages on one session, several
 * transactions written before any reply (the wire trace proves it), recipients refused in the
 * middle of the window, and every message ending exactly as the server decided: stored byte for
 * byte for the accepted recipients, nothing for the refused, refused messages reported as such.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PipelinedBdatMatrix {

  private static final int MESSAGES = 24;
  private static final AtomicInteger RUN = new AtomicInteger();

  /** Starts the peer; runs once. */
  abstract void startPeer();

  abstract void stopPeer();

  /** The endpoint (CHUNKING and PIPELINING offered) to send to. */
  abstract Endpoint endpoint();

  @BeforeAll
  final void start() {
    startPeer();
  }

  @AfterAll
  final void stop() {
    stopPeer();
  }

  @Test
  void aWindowOfTransactionsEndsAsTheServerDecidedEachOne() throws Exception {
    Endpoint endpoint = endpoint();
    List<String> wire = Collections.synchronizedList(new ArrayList<>());
    SmtpClientConfig config = SmtpClientConfig.builder("localhost").port(endpoint.port()).tlsMode(endpoint.tls())
        .trust(TrustConfig.pemFile(endpoint.ca())).heloName("client.example.test")
        .credentials(Credentials.password(Peers.USER, Peers.PASSWORD)).chunking(ChunkingPolicy.PREFER_BDAT)
        .timeouts(Timeouts.all(Duration.ofSeconds(30))).ioThreads(1)
        .trace(new WireTrace() {
          @Override
          public void sent(String line) {
            wire.add("C: " + line);
          }

          @Override
          public void received(String line) {
            wire.add("S: " + line);
          }
        }).build();
    String run = "window" + RUN.incrementAndGet() + "-" + System.nanoTime() % 100000;
    List<CompletableFuture<SendResult>> results = new ArrayList<>();
    List<List<String>> accepted = new ArrayList<>();
    List<List<String>> refused = new ArrayList<>();
    List<byte[]> messages = new ArrayList<>();
    try (SmtpClient client = SmtpClient.create(config)) {
      SmtpSession session = client.connect().get(60, TimeUnit.SECONDS);
      assertThat(session.info().capabilities().chunking()).as("the server offers CHUNKING").isTrue();
      assertThat(session.info().capabilities().pipelining()).as("the server offers PIPELINING").isTrue();
      for (int i = 0; i < MESSAGES; i++) {
        String tag = run + "-" + i;
        List<String> ok = new ArrayList<>();
        List<String> no = new ArrayList<>();
        switch (i % 4) {
          case 1 -> no.add("reject-" + tag + "@example.test"); // every recipient refused: the message is
          case 2 -> {
            ok.add("ok-" + tag + "@example.test");
            no.add("reject-" + tag + "-b@example.test");
          }
          default -> ok.add("ok-" + tag + "@example.test");
        }
        List<String> all = new ArrayList<>(ok);
        all.addAll(no);
        byte[] message = Payloads.oneKib(tag);
        accepted.add(ok);
        refused.add(no);
        messages.add(message);
        MessageContent content = MessageContent.of(message);
        results.add(session.send(Envelope.of(Peers.USER, all), content));
        content.release();
      }
      for (int i = 0; i < MESSAGES; i++) {
        if (accepted.get(i).isEmpty()) {
          try {
            results.get(i).get(60, TimeUnit.SECONDS);
            throw new AssertionError("message " + i + " has no valid recipient and was accepted");
          } catch (ExecutionException e) {
            assertThat(e.getCause()).as("message %d", i).isInstanceOf(SmtpRejectedException.class);
            assertThat(((SmtpRejectedException) e.getCause()).reply().code()).isEqualTo(550);
          }
        } else {
          SendResult r = results.get(i).get(60, TimeUnit.SECONDS);
          assertThat(r.usedBdat()).isTrue();
          assertThat(r.acceptedRecipients()).extracting(x -> x.address()).containsExactlyElementsOf(accepted.get(i));
          assertThat(r.rejectedRecipients()).extracting(x -> x.address()).containsExactlyElementsOf(refused.get(i));
        }
      }
      session.quit().get(30, TimeUnit.SECONDS);
    }
    Mailstore store = endpoint.store();
    for (int i = 0; i < MESSAGES; i++) {
      if (!accepted.get(i).isEmpty()) {
        for (Stored s : store.await(accepted.get(i), Duration.ofSeconds(30))) {
          Bytes.assertSameBytes("message " + i + " for " + s.recipient(), store.comparable(s.content()),
              store.comparable(messages.get(i)));
          if (s.chunked() != null) {
            assertThat(s.chunked()).as("BDAT, says the server").isTrue();
          }
        }
      }
      for (String r : refused.get(i)) {
        assertThat(store.holdsAnythingFor(r)).as("stored for refused " + r).isFalse();
      }
    }
    assertThat(bdatBeforeFirstDataReply(wire)).as("BDAT LAST commands written before the first one was answered:\n"
        + String.join("\n", wire.subList(0, Math.min(wire.size(), 60)))).isGreaterThan(1);
  }

  /**
   * How many BDAT commands were written before the reply to the first one arrived: the first MAIL's
   * transaction gets three replies (MAIL, RCPT, BDAT); count BDATs sent before the third.
   */
  private static int bdatBeforeFirstDataReply(List<String> wire) {
    List<String> copy;
    synchronized (wire) {
      copy = new ArrayList<>(wire);
    }
    int start = 0;
    while (start < copy.size() && !copy.get(start).startsWith("C: MAIL FROM")) {
      start++;
    }
    int bdats = 0;
    int replies = 0;
    for (int i = start; i < copy.size() && replies < 3; i++) {
      String l = copy.get(i);
      if (l.startsWith("C: BDAT")) {
        bdats++;
      } else if (l.startsWith("S: ") && l.length() > 6 && l.charAt(6) == ' ') {
        replies++; // the last line of a reply
      }
    }
    return bdats;
  }
}
