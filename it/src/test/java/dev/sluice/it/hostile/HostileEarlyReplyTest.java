package dev.sluice.it.hostile;

import static dev.sluice.client.Hostile.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Envelope;
import dev.sluice.client.Hostile;
import dev.sluice.client.MessageContent;
import dev.sluice.client.ProtocolViolationException;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpPhase;
import dev.sluice.client.TestTls;
import dev.sluice.client.TlsMode;
import dev.sluice.testkit.ScriptedServer.Script;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * No reply may predate its command (issue 12, item 1): replies that were already on the wire when
 * a command was written are unsolicited, in lockstep and pipelined mode, in cleartext and over TLS;
 * replies a pipelining server sends together after the commands still work.
 */
class HostileEarlyReplyTest {

  private static final UnaryOperator<SmtpClientConfig.Builder> PLAIN = b -> b.tlsMode(TlsMode.NONE);
  private static final UnaryOperator<SmtpClientConfig.Builder> TLS = b -> b.tlsMode(TlsMode.STARTTLS_REQUIRED);
  private static final String BODY = "Subject: x\r\n\r\nthe body\r\n";

  private static Script overTls(String... extensions) {
    StringBuilder ehlo = new StringBuilder("250").append(extensions.length == 0 ? ' ' : '-').append("test.example\r\n");
    for (int i = 0; i < extensions.length; i++) {
      ehlo.append("250").append(i < extensions.length - 1 ? '-' : ' ').append(extensions[i]).append("\r\n");
    }
    return Script.create().greetAndEhlo("STARTTLS").expect("STARTTLS").send("220 go\r\n")
        .startTls(TestTls.server()).expect("EHLO").send(ehlo.toString());
  }

  private static void assertUnsolicited(Hostile.Outcome o, SmtpPhase phase) {
    assertThat(o.smtpError()).isInstanceOfSatisfying(ProtocolViolationException.class, e -> {
      assertThat(e.phase()).isEqualTo(phase);
      assertThat(e.getMessage()).contains("before it could have read that command");
    });
    assertThat(o.received()).doesNotContain("DATA", "the body");
  }

  @Test
  void lockstepRefusesTheRcptAndDataRepliesSentWithTheMailReply() {
    // The case: no PIPELINING, MAIL answered with 250 250 354 in one segment; the real RCPT
    // reply is 550, so taking the extra 250 as the RCPT reply would send the body to nobody.
    Script script = Script.create().greetAndEhlo("8BITMIME").expect("MAIL")
        .send("250 ok\r\n250 ok\r\n354 go\r\n").expect("RCPT").send("550 5.1.1 no such user\r\n")
        .pause(Duration.ofSeconds(1));
    assertUnsolicited(send(script, PLAIN, MessageContent.of(BODY)), SmtpPhase.RCPT);
  }

  @Test
  void lockstepOverTlsRefusesRepliesThatCameWithTheMailReply() {
    Script script = overTls("8BITMIME").expect("MAIL").send("250 ok\r\n250 ok\r\n354 go\r\n")
        .expect("RCPT").send("550 5.1.1 no such user\r\n").pause(Duration.ofSeconds(1));
    assertUnsolicited(send(script, TLS, MessageContent.of(BODY)), SmtpPhase.RCPT);
  }

  @Test
  void pipelinedRefusesAFinalReplySentBeforeTheData() {
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n354 go\r\n250 2.0.0 queued\r\n").pause(Duration.ofSeconds(1));
    Hostile.Outcome o = send(script, PLAIN, MessageContent.of(BODY));
    assertThat(o.smtpError()).isInstanceOfSatisfying(ProtocolViolationException.class,
        e -> assertThat(e.phase()).isEqualTo(SmtpPhase.FINAL_DOT));
    assertThat(o.smtpError().deliveryUnknown()).as("the server never had the data").isFalse();
    assertThat(o.received()).doesNotContain("the body");
  }

  @Test
  void pipelinedOverTlsRefusesAFinalReplySentBeforeTheData() {
    Script script = overTls("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n354 go\r\n250 2.0.0 queued\r\n").pause(Duration.ofSeconds(1));
    Hostile.Outcome o = send(script, TLS, MessageContent.of(BODY));
    assertThat(o.smtpError()).isInstanceOfSatisfying(ProtocolViolationException.class,
        e -> assertThat(e.phase()).isEqualTo(SmtpPhase.FINAL_DOT));
    assertThat(o.received()).doesNotContain("the body");
  }

  @Test
  void refusesAnEhloReplyThatCameWithTheGreeting() {
    Script script = Script.create().send("220 hi\r\n250 test.example\r\n").expect("EHLO")
        .send("250 test.example\r\n").pause(Duration.ofSeconds(1));
    Hostile.Outcome o = Hostile.connect(script, PLAIN);
    assertThat(o.smtpError()).isInstanceOfSatisfying(ProtocolViolationException.class,
        e -> assertThat(e.phase()).isEqualTo(SmtpPhase.EHLO));
    assertThat(o.received()).doesNotContain("MAIL");
  }

  @Test
  void pipelinedRepliesThatArriveTogetherAfterTheCommandsStillWork() {
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("RCPT")
        .expect("DATA").send("250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n").readData()
        .send("250 2.0.0 queued\r\n").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.run(script, PLAIN,
        s -> s.send(Envelope.of("a@example.test", "r1@example.test", "r2@example.test"), MessageContent.of(BODY)));
    assertThat(o.error()).isNull();
    assertThat(((SendResult) o.value()).acceptedRecipients()).hasSize(2);
    assertThat(o.serverErrors()).isEmpty();
  }

  @Test
  void pipelinedRepliesThatArriveTogetherOverTlsStillWork() {
    Script script = overTls("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n354 go\r\n").readData().send("250 2.0.0 queued\r\n")
        .expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = send(script, TLS, MessageContent.of(BODY));
    assertThat(o.error()).isNull();
    assertThat(((SendResult) o.value()).accepted()).isTrue();
    assertThat(o.serverErrors()).isEmpty();
  }
}
