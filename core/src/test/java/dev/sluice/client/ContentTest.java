package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.testkit.ScriptedServer;
import dev.sluice.testkit.ScriptedServer.Script;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Message content from memory, files and streams, by DATA and BDAT. */
class ContentTest {

  private static final UnaryOperator<SmtpClientConfig.Builder> PLAIN = b -> b.tlsMode(TlsMode.NONE);

  @Test
  void sendsBdatWhenChunkingIsOfferedWithNormalisedLineEndingsAndNoDotStuffing() {
    Script script = Script.create().greetAndEhlo("PIPELINING", "CHUNKING", "8BITMIME")
        .expect("MAIL").expect("RCPT").bdat("BDAT 15 LAST")
        .send("250 ok\r\n250 ok\r\n250 2.0.0 queued via bdat\r\n").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.send(script, PLAIN, MessageContent.of("a\n.b\r\nc\rend\n"));
    assertThat(o.error()).isNull();
    assertThat(((SendResult) o.value()).usedBdat()).isTrue();
    assertThat(o.received()).contains("BDAT 15 LAST\r\na\r\n.b\r\nc\r\nend\r\n");
  }

  @Test
  void streamsAFileInChunksWithBdatWhenChunkingIsOffered(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.eml");
    StringBuilder body = new StringBuilder("Subject: big\r\n\r\n");
    while (body.length() < 600_000) {
      body.append(".line starting with a dot\n");
    }
    Files.writeString(file, body);
    Script script = Script.create().greetAndEhlo("CHUNKING").expect("MAIL").send("250 ok\r\n").expect("RCPT")
        .send("250 ok\r\n");
    // lockstep (no PIPELINING): every chunk is answered before the next goes
    for (int i = 0; i < 3; i++) {
      script.bdat("BDAT").pause(Duration.ofMillis(50)).send("250 chunk ok\r\n");
    }
    script.bdat("BDAT 0 LAST").send("250 2.0.0 queued\r\n").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.send(script, PLAIN, MessageContent.ofFile(file));
    assertThat(o.serverErrors()).isEmpty();
    assertThat(o.error()).isNull();
    assertThat(o.received()).doesNotContain("\n..line").contains("\r\n.line starting with a dot\r\n");
  }

  @Test
  void streamsAnInputStreamAfterDataWithDotStuffing() {
    byte[] message = "Subject: s\n\n.hidden\nlast line".getBytes(StandardCharsets.US_ASCII);
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n354 go\r\n").readData().send("250 queued\r\n").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.send(script, PLAIN, MessageContent.ofStream(() -> new ByteArrayInputStream(message)));
    assertThat(o.error()).isNull();
    assertThat(o.received()).contains("DATA\r\nSubject: s\r\n\r\n..hidden\r\nlast line\r\n.\r\n");
  }

  @Test
  void dropsTheConnectionBeforeTheEndOfDataWhenAStreamTurnsOut8BitWithout8BitMime() {
    byte[] message = "Subject: s\r\n\r\nGr\u00fc\u00dfe\r\n".getBytes(StandardCharsets.UTF_8);
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n354 go\r\n").pause(Duration.ofSeconds(1));
    Hostile.Outcome o = Hostile.send(script, PLAIN, MessageContent.ofStream(() -> new ByteArrayInputStream(message)));
    assertThat(o.smtpError()).isInstanceOfSatisfying(MessageRefusedException.class,
        e -> assertThat(e.reason()).isEqualTo(MessageRefusedException.Reason.EIGHT_BIT_NOT_SUPPORTED));
    assertThat(o.received()).doesNotContain("\r\n.\r\n");
  }

  @Test
  void declaresSizeAnd8BitMimeAndSmtpUtf8WhenTheServerOffersThem() {
    Script script = Script.create().greetAndEhlo("PIPELINING", "SIZE 1000000", "8BITMIME", "SMTPUTF8")
        .expect("MAIL FROM:<jürgen@example.test> SIZE=18 BODY=8BITMIME SMTPUTF8").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n354 go\r\n").readData().send("250 ok\r\n").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.run(script, PLAIN, s -> s.send(Envelope.of("jürgen@example.test", "b@example.test"),
        MessageContent.of("Subject: \u00e4\r\n\r\nx\r\n")));
    assertThat(o.serverErrors()).isEmpty();
    assertThat(o.error()).isNull();
  }

  @Test
  void sendsOneBodyToManyEnvelopesWithoutCopyingIt() throws Exception {
    Script script = Script.create().greetAndEhlo("PIPELINING");
    for (int i = 0; i < 5; i++) {
      script.expect("MAIL").expect("RCPT").expect("DATA").send("250 ok\r\n250 ok\r\n354 go\r\n").readData()
          .send("250 queued " + i + "\r\n");
    }
    script.expect("QUIT").send("221 bye\r\n");
    MessageContent body = MessageContent.of(Unpooled.directBuffer().writeBytes("Subject: x\r\n\r\nshared\r\n".getBytes()));
    Hostile.Outcome o = Hostile.run(script, PLAIN, s -> {
      List<java.util.concurrent.CompletableFuture<SendResult>> all = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        all.add(s.send(Envelope.of("a@example.test", "r" + i + "@example.test"), body));
      }
      return java.util.concurrent.CompletableFuture.allOf(all.toArray(java.util.concurrent.CompletableFuture[]::new));
    });
    assertThat(o.error()).isNull();
    assertThat(body.refCnt()).as("each send released its reference").isEqualTo(1);
    body.release();
    assertThat(o.received().split("shared", -1)).hasSize(6);
  }

  @Test
  void sendsOnlyTheTerminatorWhenDataIsAcceptedAfterEveryRecipientFailed() {
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n550 5.1.1 unknown\r\n354 go anyway\r\n").expect(".").send("554 5.5.1 no valid recipients\r\n")
        .expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n354 go\r\n").readData().send("250 ok\r\n").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.run(script, PLAIN, s -> {
      var first = s.send(Envelope.of("a@example.test", "gone@example.test"), MessageContent.of("secret body\r\n"));
      var second = s.send(Envelope.of("a@example.test", "b@example.test"), MessageContent.of("second\r\n"));
      return first.handle((r, e) -> e).thenCombine(second, (e, r) -> List.of(e, r));
    });
    assertThat(o.serverErrors()).isEmpty();
    List<?> results = (List<?>) o.value();
    assertThat(results.get(0)).isInstanceOfSatisfying(SmtpRejectedException.class,
        e -> assertThat(e.phase()).isEqualTo(SmtpPhase.RCPT));
    assertThat(o.received()).doesNotContain("secret body");
  }

  @Test
  void failsWithoutSendingTheBodyWhenDataIsAnswered250InsteadOf354() {
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n250 2.0.0 queued\r\n").pause(Duration.ofSeconds(1));
    Hostile.Outcome o = Hostile.send(script, PLAIN, MessageContent.of("the body\r\n"));
    assertThat(o.smtpError()).isInstanceOfSatisfying(ProtocolViolationException.class,
        e -> assertThat(e.phase()).isEqualTo(SmtpPhase.DATA));
    assertThat(o.received()).doesNotContain("the body");
  }

  @Test
  void resetsTheServerBeforeTheNextMessageWhenDataWasRefusedAfterMail() {
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n550 5.1.1 unknown\r\n554 5.5.1 no valid recipients\r\n")
        .expect("RSET").expect("MAIL").expect("RCPT").expect("DATA").send("250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n")
        .readData().send("250 ok\r\n").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.run(script, PLAIN, s -> {
      var first = s.send(Envelope.of("a@example.test", "gone@example.test"), MessageContent.of("one\r\n"));
      var second = s.send(Envelope.of("a@example.test", "b@example.test"), MessageContent.of("two\r\n"));
      return first.handle((r, e) -> e).thenCombine(second, (e, r) -> List.of(e, r));
    });
    assertThat(o.serverErrors()).isEmpty();
    assertThat(((List<?>) o.value()).get(1)).isInstanceOf(SendResult.class);
  }

  /** A stream whose first read waits for {@code proceed}, then fills the buffer; then it ends. */
  private static InputStream heldStream(CountDownLatch reading, CountDownLatch proceed) {
    return new InputStream() {
      private boolean served;

      @Override
      public int read() {
        throw new UnsupportedOperationException("read in blocks only");
      }

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        if (served) {
          return -1;
        }
        reading.countDown();
        try {
          proceed.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException();
        }
        served = true;
        Arrays.fill(b, off, off + len, (byte) 'x');
        return len;
      }
    };
  }

  @Test
  void releasesAChunkThatIsReadAfterTheClientWasClosed() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n354 go\r\n").pause(Duration.ofMillis(100)).close();
    MessageContent content = MessageContent.ofStream(() -> heldStream(reading, proceed));
    try (ScriptedServer server = ScriptedServer.start(script)) {
      SmtpClient client = SmtpClient.create(Hostile.base(server).tlsMode(TlsMode.NONE).build());
      SmtpSession session = client.connect().get(5, TimeUnit.SECONDS);
      CompletableFuture<SendResult> sent = session.send(Envelope.of("a@example.test", "b@example.test"), content);
      assertThat(reading.await(5, TimeUnit.SECONDS)).as("the first chunk is being read").isTrue();
      assertThat(catchThrowable(() -> sent.get(5, TimeUnit.SECONDS))).hasCauseInstanceOf(ConnectionLostException.class);
      client.close(); // its event loop is gone before the chunk arrives
    } finally {
      content.release();
      proceed.countDown();
    }
    // the chunk is handed over on a blocking-I/O thread; once those are idle it has been dealt with,
    // and the leak check after this test finds it if nobody released it
    ThreadPoolExecutor io = (ThreadPoolExecutor) BlockingIo.EXECUTOR;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while ((io.getActiveCount() > 0 || !io.getQueue().isEmpty()) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(io.getActiveCount()).isZero();
  }
}
