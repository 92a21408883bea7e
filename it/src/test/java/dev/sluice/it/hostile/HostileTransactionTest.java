package dev.sluice.it.hostile;

import static dev.sluice.client.Hostile.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.ConnectionLostException;
import dev.sluice.client.Envelope;
import dev.sluice.client.Hostile;
import dev.sluice.client.MessageContent;
import dev.sluice.client.ProtocolViolationException;
import dev.sluice.client.RecipientResult;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpPhase;
import dev.sluice.client.SmtpRejectedException;
import dev.sluice.client.SmtpTimeoutException;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TlsMode;
import dev.sluice.testkit.ScriptedServer.Script;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken servers during a transaction: odd replies to RCPT, DATA, the final dot and
 * BDAT, hostile reply text, silence after the data.
 */
class HostileTransactionTest {

  private static final UnaryOperator<SmtpClientConfig.Builder> PLAIN = b -> b.tlsMode(TlsMode.NONE);
  private static final String BODY = "Subject: x\r\n\r\nthe body\r\n";

  private static MessageContent message() {
    return MessageContent.of(BODY);
  }

  @Test
  void reportsEachRecipientWhenTheServerAnswers452TooManyRecipients() {
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("RCPT")
        .expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n250 ok\r\n452 4.5.3 Too many recipients\r\n354 go\r\n").readData()
        .send("250 2.0.0 queued\r\n").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.run(script, PLAIN, s -> s.send(
        Envelope.of("a@example.test", "r1@example.test", "r2@example.test", "r3@example.test"), message()));
    assertThat(o.error()).isNull();
    SendResult r = (SendResult) o.value();
    assertThat(r.accepted()).isTrue();
    assertThat(r.acceptedRecipients()).extracting(RecipientResult::address)
        .containsExactly("r1@example.test", "r2@example.test");
    assertThat(r.rejectedRecipients()).singleElement().satisfies(rejected -> {
      assertThat(rejected.address()).isEqualTo("r3@example.test");
      assertThat(rejected.reply().code()).isEqualTo(452);
      assertThat(rejected.reply().isTransientFailure()).isTrue();
    });
  }

  @Test
  void sendsNoBodyAndReportsATransientFailureWhenEveryRecipientGets452() {
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("RCPT")
        .expect("DATA").send("250 ok\r\n452 4.5.3 Too many recipients\r\n452 4.5.3 Too many recipients\r\n"
            + "554 5.5.1 no valid recipients\r\n").pause(Duration.ofSeconds(1));
    Hostile.Outcome o = Hostile.run(script, PLAIN,
        s -> s.send(Envelope.of("a@example.test", "r1@example.test", "r2@example.test"), message()));
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpRejectedException.class, e -> {
      assertThat(e.phase()).isEqualTo(SmtpPhase.RCPT);
      assertThat(e.reply().code()).isEqualTo(452);
      assertThat(e.isTransient()).isTrue();
    });
    assertThat(o.received()).doesNotContain("the body");
  }

  @Test
  void neverCountsAMessageAsAcceptedWhenDataIsAnswered250InsteadOf354() {
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n250 2.0.0 queued (without any data?)\r\n").pause(Duration.ofSeconds(1));
    Hostile.Outcome o = send(script, PLAIN, message());
    assertThat(o.smtpError()).isInstanceOfSatisfying(ProtocolViolationException.class,
        e -> assertThat(e.phase()).isEqualTo(SmtpPhase.DATA));
    assertThat(o.received()).doesNotContain("the body");
  }

  @Test
  void treatsAPermanentReplyToTheFinalDotAsRejectedAndKnown() {
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n354 go\r\n").readData().send("554 5.7.1 spam detected\r\n")
        .expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = send(script, PLAIN, message());
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpRejectedException.class, e -> {
      assertThat(e.phase()).isEqualTo(SmtpPhase.FINAL_DOT);
      assertThat(e.reply().code()).isEqualTo(554);
      assertThat(e.isTransient()).isFalse();
      assertThat(e.deliveryUnknown()).isFalse();
    });
  }

  @Test
  void aServerSilentAfterTheFinalDotTimesOutWithTheOutcomeUnknown() {
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n354 go\r\n").readData().pause(Duration.ofSeconds(5));
    Hostile.Outcome o = send(script, b -> b.tlsMode(TlsMode.NONE).timeouts(Timeouts.all(Duration.ofMillis(400))),
        message());
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpTimeoutException.class, e -> {
      assertThat(e.phase()).isEqualTo(SmtpPhase.FINAL_DOT);
      assertThat(e.deliveryUnknown()).isTrue();
    });
  }

  @Test
  void stopsSendingChunksOnceABdatChunkIsRefused() {
    Script script = Script.create().greetAndEhlo("CHUNKING").expect("MAIL").send("250 ok\r\n").expect("RCPT")
        .send("250 ok\r\n").bdat("BDAT").send("552 5.3.4 message too big for this system\r\n")
        .pause(Duration.ofSeconds(1));
    Hostile.Outcome o = send(script, PLAIN, Hostile.generated(700 * 1024));
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpRejectedException.class, e -> {
      assertThat(e.phase()).isEqualTo(SmtpPhase.BDAT);
      assertThat(e.reply().code()).isEqualTo(552);
    });
    assertThat(o.received().split("BDAT ", -1)).as("exactly one BDAT chunk").hasSize(2);
    assertThat(o.received()).doesNotContain("LAST");
  }

  @Test
  void keepsControlCharactersOfAHostileReplyOutOfTheError() {
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n550 5.1.1 \u001b[2J\u001b]0;pwned\u0007 no\u0000such user\r\n554 no recipients\r\n")
        .pause(Duration.ofSeconds(1));
    Hostile.Outcome o = send(script, PLAIN, message());
    assertThat(o.smtpError()).isInstanceOf(SmtpRejectedException.class);
    assertThat(o.smtpError().describe()).contains("no").doesNotContain("\u001b", "\u0007", "\u0000");
  }

  @Test
  void failsAsTransientWhenTheServerHangsUpBeforeTheGreeting() {
    Hostile.Outcome o = Hostile.connect(Script.create().close(), PLAIN);
    assertThat(o.smtpError()).isInstanceOf(ConnectionLostException.class);
    assertThat(o.smtpError().isTransient()).isTrue();
    assertThat(o.smtpError().phase()).isEqualTo(SmtpPhase.GREETING);
    assertThat(o.received()).isEmpty();
  }
}
