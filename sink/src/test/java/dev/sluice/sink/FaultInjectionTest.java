package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sink.fault.FaultAction;
import dev.sluice.sink.fault.Script;
import dev.sluice.sink.fault.SmtpStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

  private static RawClient enveloped(SmtpSink sink) throws Exception {
    RawClient c = RawClient.connect(sink);
    c.hello();
    assertThat(c.command("MAIL FROM:<a@example.test>").code()).isEqualTo(250);
    assertThat(c.command("RCPT TO:<b@example.test>").code()).isEqualTo(250);
    return c;
  }

  @Test
  void replacesAReplyAndDoesNotExecuteTheCommand() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().fault("rcpt:451 4.3.0 try later").start();
        RawClient c = RawClient.connect(sink)) {
      c.hello();
      c.command("MAIL FROM:<a@example.test>");
      assertThat(c.command("RCPT TO:<b@example.test>").toString()).isEqualTo("451 4.3.0 try later");
      assertThat(c.command("DATA").code()).isEqualTo(554); // no recipient was accepted
      assertThat(sink.counters().faults()).isEqualTo(1);
      assertThat(sink.counters().rejects()).isEqualTo(2);
    }
  }

  @Test
  void drawsTheSameFaultsAgainWithTheSameSeed() throws Exception {
    List<List<Integer>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (SmtpSink sink = SmtpSink.builder().fault("rcpt:451 4.3.0 later@50%").faultSeed(99).start();
          RawClient c = RawClient.connect(sink)) {
        c.hello();
        c.command("MAIL FROM:<a@example.test>");
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          codes.add(c.command("RCPT TO:<b" + i + "@example.test>").code());
        }
        runs.add(codes);
      }
    }
    assertThat(runs.get(0)).contains(250, 451).isEqualTo(runs.get(1));
  }

  @Test
  void holdsAReplyWithoutHoldingTheEventLoop() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().ioThreads(1).fault("mail:delay=2s").start();
        RawClient slow = RawClient.connect(sink)) {
      slow.hello();
      long start = System.nanoTime();
      slow.send("MAIL FROM:<a@example.test>\r\nRCPT TO:<b@example.test>\r\n");
      try (RawClient other = RawClient.connect(sink)) {
        assertThat(other.hello().code()).isEqualTo(250); // same (only) event loop, served meanwhile
      }
      assertThat(slow.available()).isZero(); // the held replies have not come yet
      assertThat(slow.replies(2)).extracting(RawClient.Reply::code).containsExactly(250, 250);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
  }

  @Test
  void disconnectsInsteadOfAnsweringTheFinalDotAndStoresNothing() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().fault("data-end:disconnect").start(); RawClient c = enveloped(sink)) {
      assertThat(c.command("DATA").code()).isEqualTo(354);
      c.send("hello\r\n.\r\n");
      assertThat(c.readToEnd()).isEmpty();
      assertThat(sink.messages()).isEmpty();
      assertThat(sink.counters().messages()).isZero();
    }
  }

  @Test
  void disconnectsMidDataAfterTheGivenBytes() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().fault("data:disconnect-mid=100").start(); RawClient c = enveloped(sink)) {
      assertThat(c.command("DATA").code()).isEqualTo(354);
      c.send("x".repeat(60) + "\r\n");
      c.send("y".repeat(60) + "\r\n");
      assertThat(c.readToEnd()).isEmpty();
      assertThat(sink.messages()).isEmpty();
    }
  }

  @Test
  void disconnectsMidBdatAfterTheGivenBytes() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().fault("bdat:disconnect-mid=10").start(); RawClient c = enveloped(sink)) {
      c.send("BDAT 100 LAST\r\n" + "z".repeat(50));
      assertThat(c.readToEnd()).isEmpty();
      assertThat(sink.messages()).isEmpty();
    }
  }

  @Test
  void says421AndClosesAfterNCommands() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().fault("after=3:421 4.7.0 enough").start();
        RawClient c = RawClient.connect(sink)) {
      c.reply();
      assertThat(c.command("EHLO c.test").code()).isEqualTo(250);
      assertThat(c.command("NOOP").code()).isEqualTo(250);
      assertThat(c.command("NOOP").code()).isEqualTo(250);
      assertThat(c.command("NOOP").toString()).isEqualTo("421 4.7.0 enough");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void refusesServiceAtTheGreetingAndThenWaitsForQuit() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().fault("connect:554 5.3.2 not today").start();
        RawClient c = RawClient.connect(sink)) {
      assertThat(c.reply().toString()).isEqualTo("554 5.3.2 not today");
      assertThat(c.command("EHLO c.test").toString()).isEqualTo("503 5.5.1 Error: service refused, send QUIT");
      assertThat(c.command("QUIT").code()).isEqualTo(221);
    }
  }

  @Test
  void hangsUpOrSays421AtTheGreeting() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().fault("connect:disconnect").start(); RawClient c = RawClient.connect(sink)) {
      assertThat(c.readToEnd()).isEmpty();
    }
    try (SmtpSink sink = SmtpSink.builder().fault("connect:421").start(); RawClient c = RawClient.connect(sink)) {
      assertThat(c.readToEnd()).startsWith("421 4.3.2");
    }
  }

  @Test
  void delaysTheGreeting() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().fault("connect:delay=300ms").start(); RawClient c = RawClient.connect(sink)) {
      long start = System.nanoTime();
      assertThat(c.reply().code()).isEqualTo(220);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
  }

  @Test
  void refusesStartTlsAndCarriesOnInCleartext() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().tls(TlsMode.STARTTLS).fault("starttls:454 4.7.0 TLS not available")
        .start(); RawClient c = RawClient.connect(sink)) {
      c.hello();
      assertThat(c.command("STARTTLS").toString()).isEqualTo("454 4.7.0 TLS not available");
      assertThat(c.command("EHLO c.test").lines()).contains("STARTTLS");
    }
  }

  @Test
  void refusesEhloAuthAndQuitWhenTold() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().user("u@example.test", "p").fault("ehlo:421")
        .start(); RawClient c = RawClient.connect(sink)) {
      c.reply();
      assertThat(c.command("EHLO c.test").code()).isEqualTo(421);
      assertThat(c.closedByServer()).isTrue();
    }
    try (SmtpSink sink = SmtpSink.builder().user("u@example.test", "p").fault("auth:454 4.7.0 later")
        .fault("quit:disconnect").start(); RawClient c = RawClient.connect(sink)) {
      c.hello();
      assertThat(c.command("AUTH LOGIN").toString()).isEqualTo("454 4.7.0 later");
      c.send("QUIT\r\n");
      assertThat(c.readToEnd()).isEmpty();
    }
  }

  @Test
  void refusesDataSoNoContentIsExpected() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().fault("data:451 4.3.0 not now").start(); RawClient c = enveloped(sink)) {
      assertThat(c.command("DATA").toString()).isEqualTo("451 4.3.0 not now");
      assertThat(c.command("NOOP").code()).isEqualTo(250); // a command again, not message content
    }
  }

  @Test
  void refusesABdatChunkAndAbandonsTheMessage() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().fault("bdat:452 4.3.1 full").start(); RawClient c = enveloped(sink)) {
      c.send("BDAT 5\r\nhelloBDAT 5 LAST\r\nworld");
      assertThat(c.replies(2)).extracting(RawClient.Reply::toString)
          .containsExactly("452 4.3.1 full", "452 4.3.1 full");
      assertThat(sink.messages()).isEmpty();
    }
  }

  @Test
  void refusesTheFinalDotOfDataAndOfBdatLast() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().fault("data-end:451 4.3.0 queue full").start()) {
      try (RawClient c = RawClient.connect(sink)) {
        c.hello();
        assertThat(Transactions.sendMessage(c).toString()).isEqualTo("451 4.3.0 queue full");
      }
      try (RawClient c = enveloped(sink)) {
        c.send("BDAT 2\r\nabBDAT 2 LAST\r\ncd");
        assertThat(c.replies(2)).extracting(RawClient.Reply::code).containsExactly(250, 451);
      }
      assertThat(sink.messages()).isEmpty();
    }
  }

  @Test
  void delaysTheFinalReplyButStillStoresTheMessage() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().fault("data-end:delay=200ms").start(); RawClient c = RawClient.connect(sink)) {
      c.hello();
      long start = System.nanoTime();
      assertThat(Transactions.sendMessage(c).code()).isEqualTo(250);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
      assertThat(sink.messages()).hasSize(1);
    }
  }

  @Test
  void followsAScriptAcrossConnections() throws Exception {
    Script script = Script.builder()
        .thenProceed(SmtpStep.RCPT)
        .thenReply(SmtpStep.RCPT, 550, "5.1.1 no such user")
        .thenReply(SmtpStep.DATA_END, 451, "4.3.0 try again")
        .build();
    try (SmtpSink sink = SmtpSink.builder().script(script).start()) {
      try (RawClient c = RawClient.connect(sink)) {
        c.hello();
        c.command("MAIL FROM:<a@example.test>");
        assertThat(c.command("RCPT TO:<ok@example.test>").code()).isEqualTo(250);
        assertThat(c.command("RCPT TO:<gone@example.test>").toString()).isEqualTo("550 5.1.1 no such user");
        c.command("DATA");
        assertThat(c.command("x\r\n.").toString()).isEqualTo("451 4.3.0 try again");
      }
      try (RawClient retry = RawClient.connect(sink)) {
        retry.hello();
        assertThat(Transactions.sendMessage(retry).code()).isEqualTo(250);
      }
      assertThat(sink.messages()).hasSize(1);
    }
  }

  @Test
  void scriptsADisconnectMidDataPerConnection() throws Exception {
    Script script = Script.builder().then(SmtpStep.DATA, FaultAction.disconnectMidData(3)).perConnection().build();
    try (SmtpSink sink = SmtpSink.builder().script(script).start()) {
      for (int i = 0; i < 2; i++) {
        try (RawClient c = enveloped(sink)) {
          c.command("DATA");
          c.send("hello\r\n.\r\n");
          assertThat(c.readToEnd()).isEmpty();
        }
      }
      assertThat(sink.messages()).isEmpty();
    }
  }
}
