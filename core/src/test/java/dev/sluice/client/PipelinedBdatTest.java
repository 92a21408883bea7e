package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.ScriptedServer;
import dev.sluice.testkit.ScriptedServer.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Pipelined BDAT across transactions (RFC 3030 with RFC 2920): MAIL, RCPT and BDAT LAST of several
 * messages leave before any reply, each after the first preceded by RSET, and every message gets
 * exactly its own outcome.
 */
class PipelinedBdatTest {

  private static final String BODY = "Subject: hi\r\n\r\nhello\r\n"; // 22 octets

  private static SmtpClientConfig.Builder config(ScriptedServer server) {
    return ScriptedSessionTest.config(server).tlsMode(TlsMode.NONE);
  }

  /** The three transactions, as the server must receive them before it answers anything. */
  private static Script threeTransactionsWritten(Script s) {
    return s.expect("MAIL FROM:<a@example.test>").expect("RCPT TO:<b1@example.test>").bdat("BDAT 22 LAST")
        .expect("RSET").expect("MAIL FROM:<a@example.test>").expect("RCPT TO:<b2@example.test>").bdat("BDAT 22 LAST")
        .expect("RSET").expect("MAIL FROM:<a@example.test>").expect("RCPT TO:<b3@example.test>").bdat("BDAT 22 LAST");
  }

  private static List<CompletableFuture<SendResult>> sendThree(SmtpSession session) {
    MessageContent body = MessageContent.of(BODY);
    List<CompletableFuture<SendResult>> results = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      results.add(session.send(Envelope.of("a@example.test", "b" + i + "@example.test"), body));
    }
    body.release();
    return results;
  }

  private static SmtpException failure(CompletableFuture<SendResult> f) {
    try {
      f.get();
      throw new AssertionError("expected a failure, got " + f.join());
    } catch (ExecutionException e) {
      return (SmtpException) e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void writesAWindowOfTransactionsBeforeAnyReplyAndARefusedRecipientOnlyFailsItsOwn() throws Exception {
    Script script = threeTransactionsWritten(Script.create().greetAndEhlo("PIPELINING", "CHUNKING"))
        .send("250 2.1.0 ok\r\n250 2.1.5 ok\r\n250 2.0.0 queued as 1\r\n"
            + "250 2.0.0 reset\r\n250 2.1.0 ok\r\n550 5.1.1 no such user\r\n554 5.5.1 no valid recipients\r\n"
            + "250 2.0.0 reset\r\n250 2.1.0 ok\r\n250 2.1.5 ok\r\n250 2.0.0 queued as 3\r\n")
        .expect("QUIT").send("221 bye\r\n").close();
    try (ScriptedServer server = ScriptedServer.start(script);
         SmtpClient client = SmtpClient.create(config(server).build())) {
      SmtpSession session = client.connect().get();
      List<CompletableFuture<SendResult>> results = sendThree(session);

      SendResult r1 = results.get(0).get();
      SmtpException e2 = failure(results.get(1));
      SendResult r3 = results.get(2).get();
      session.quit().get();

      assertThat(server.errors()).isEmpty();
      assertThat(r1.dataReply().line(0)).isEqualTo("2.0.0 queued as 1");
      assertThat(r3.dataReply().line(0)).isEqualTo("2.0.0 queued as 3");
      assertThat(r1.usedBdat()).isTrue();
      assertThat(e2).isInstanceOf(SmtpRejectedException.class);
      assertThat(e2.isTransient()).isFalse();
      assertThat(((SmtpRejectedException) e2).reply().code()).isEqualTo(550);
      assertThat(server.received()).contains("hello\r\nRSET\r\nMAIL FROM:<a@example.test>");
    }
  }

  @Test
  void aRefusedBdatLeavesTheNextTransactionsAlone() throws Exception {
    Script script = threeTransactionsWritten(Script.create().greetAndEhlo("PIPELINING", "CHUNKING"))
        .send("250 ok\r\n250 ok\r\n552 5.3.4 message too big for policy\r\n"
            + "250 reset\r\n250 ok\r\n250 ok\r\n250 queued as 2\r\n"
            + "250 reset\r\n250 ok\r\n250 ok\r\n250 queued as 3\r\n")
        .expect("QUIT").send("221 bye\r\n").close();
    try (ScriptedServer server = ScriptedServer.start(script);
         SmtpClient client = SmtpClient.create(config(server).build())) {
      SmtpSession session = client.connect().get();
      List<CompletableFuture<SendResult>> results = sendThree(session);

      SmtpException e1 = failure(results.get(0));
      assertThat(results.get(1).get().dataReply().line(0)).isEqualTo("queued as 2");
      assertThat(results.get(2).get().dataReply().line(0)).isEqualTo("queued as 3");
      session.quit().get();

      assertThat(((SmtpRejectedException) e1).reply().code()).isEqualTo(552);
      assertThat(e1.phase()).isEqualTo(SmtpPhase.BDAT);
      assertThat(server.errors()).isEmpty();
    }
  }

  @Test
  void a421FailsTheUnansweredTransactionsAsTransientNotUnknown() throws Exception {
    Script script = threeTransactionsWritten(Script.create().greetAndEhlo("PIPELINING", "CHUNKING"))
        .send("250 ok\r\n250 ok\r\n250 queued as 1\r\n421 4.3.2 shutting down\r\n").close();
    try (ScriptedServer server = ScriptedServer.start(script);
         SmtpClient client = SmtpClient.create(config(server).build())) {
      SmtpSession session = client.connect().get();
      List<CompletableFuture<SendResult>> results = sendThree(session);

      assertThat(results.get(0).get().accepted()).isTrue();
      for (int i = 1; i < 3; i++) {
        SmtpException e = failure(results.get(i));
        assertThat(e.isTransient()).as(e.toString()).isTrue();
        assertThat(e.deliveryUnknown()).as(e.toString()).isFalse();
      }
    }
  }

  @Test
  void aConnectionLostAfterBdatLastMakesOnlyThoseTransactionsUnknown() throws Exception {
    Script script = threeTransactionsWritten(Script.create().greetAndEhlo("PIPELINING", "CHUNKING"))
        .send("250 ok\r\n250 ok\r\n250 queued as 1\r\n250 reset\r\n250 ok\r\n").close();
    try (ScriptedServer server = ScriptedServer.start(script);
         SmtpClient client = SmtpClient.create(config(server).build())) {
      SmtpSession session = client.connect().get();
      List<CompletableFuture<SendResult>> results = sendThree(session);

      assertThat(results.get(0).get().accepted()).isTrue();
      assertThat(failure(results.get(1)).deliveryUnknown()).isTrue();
      assertThat(failure(results.get(2)).deliveryUnknown()).isTrue();
    }
  }

  @Test
  void chunkingWithoutPipeliningWaitsForEveryReply() throws Exception {
    // Each expect only passes if nothing else was sent first: the reply is sent before the next read.
    Script script = Script.create().greetAndEhlo("CHUNKING")
        .expect("MAIL FROM:<a@example.test>").send("250 ok\r\n")
        .expect("RCPT TO:<b1@example.test>").send("250 ok\r\n")
        .bdat("BDAT 22 LAST").send("250 queued as 1\r\n")
        .expect("MAIL FROM:<a@example.test>").send("250 ok\r\n")
        .expect("RCPT TO:<b2@example.test>").send("250 ok\r\n")
        .bdat("BDAT 22 LAST").send("250 queued as 2\r\n")
        .expect("MAIL FROM:<a@example.test>").send("250 ok\r\n")
        .expect("RCPT TO:<b3@example.test>").send("250 ok\r\n")
        .bdat("BDAT 22 LAST").send("250 queued as 3\r\n")
        .expect("QUIT").send("221 bye\r\n").close();
    try (ScriptedServer server = ScriptedServer.start(script);
         SmtpClient client = SmtpClient.create(config(server).build())) {
      SmtpSession session = client.connect().get();
      List<CompletableFuture<SendResult>> results = sendThree(session);
      for (int i = 0; i < 3; i++) {
        assertThat(results.get(i).get().dataReply().line(0)).isEqualTo("queued as " + (i + 1));
      }
      session.quit().get();
      assertThat(server.errors()).isEmpty();
      assertThat(server.received()).doesNotContain("RSET");
    }
  }

  @Test
  void windowOfOneWaitsForEachTransaction() throws Exception {
    Script script = Script.create().greetAndEhlo("PIPELINING", "CHUNKING")
        .expect("MAIL").expect("RCPT TO:<b1@example.test>").bdat("BDAT 22 LAST")
        .send("250 ok\r\n250 ok\r\n250 queued as 1\r\n")
        .expect("MAIL").expect("RCPT TO:<b2@example.test>").bdat("BDAT 22 LAST")
        .send("250 ok\r\n250 ok\r\n250 queued as 2\r\n")
        .expect("MAIL").expect("RCPT TO:<b3@example.test>").bdat("BDAT 22 LAST")
        .send("250 ok\r\n250 ok\r\n250 queued as 3\r\n")
        .expect("QUIT").send("221 bye\r\n").close();
    try (ScriptedServer server = ScriptedServer.start(script);
         SmtpClient client = SmtpClient.create(config(server).bdatWindow(1).build())) {
      SmtpSession session = client.connect().get();
      List<CompletableFuture<SendResult>> results = sendThree(session);
      for (int i = 0; i < 3; i++) {
        assertThat(results.get(i).get().accepted()).isTrue();
      }
      session.quit().get();
      assertThat(server.errors()).isEmpty();
      assertThat(server.received()).doesNotContain("RSET");
    }
  }

  @Test
  void windowDropsToOneOnTroubleAndRegrowsAfterCleanTransactions() {
    TransactionWindow w = new TransactionWindow(8);
    assertThat(w.size()).isEqualTo(8);
    w.troubled();
    assertThat(w.size()).isEqualTo(1);
    for (int i = 0; i < TransactionWindow.REGROW_AFTER - 1; i++) {
      w.clean();
    }
    assertThat(w.size()).isEqualTo(1);
    w.clean();
    assertThat(w.size()).isEqualTo(2);
    for (int i = 0; i < 10 * TransactionWindow.REGROW_AFTER; i++) {
      w.clean();
    }
    assertThat(w.size()).isEqualTo(8);
  }
}
