package dev.sluice.it.hostile;

import static dev.sluice.client.Hostile.connect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Credentials;
import dev.sluice.client.Hostile;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpPhase;
import dev.sluice.client.SmtpRejectedException;
import dev.sluice.client.SmtpTlsException;
import dev.sluice.client.TlsMode;
import dev.sluice.testkit.ScriptedServer.Script;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken servers while the session is set up, beyond STARTTLS tampering: a stripped
 * STARTTLS, a refused EHLO, a "TLS" port that speaks plaintext.
 */
class HostileSetupTest {

  private static final UnaryOperator<SmtpClientConfig.Builder> WITH_PASSWORD =
      b -> b.credentials(Credentials.password("user@example.test", "secret"));

  @Test
  void refusesToGoOnWhenStartTlsIsStrippedFromTheCapabilities() {
    Hostile.Outcome o = connect(Script.create().greetAndEhlo("PIPELINING", "AUTH PLAIN LOGIN").expect("QUIT")
        .send("221 bye\r\n"), WITH_PASSWORD);
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpTlsException.class,
        e -> assertThat(e.reason()).isEqualTo(SmtpTlsException.Reason.STARTTLS_NOT_OFFERED));
    assertThat(o.received()).doesNotContain("STARTTLS", "AUTH", "MAIL");
  }

  @Test
  void neverFallsBackToHeloWhenEhloIsRefusedAndTlsIsRequired() {
    Hostile.Outcome o = connect(Script.create().send("220 old.example\r\n").expect("EHLO")
        .send("502 5.5.1 command not recognised\r\n").pause(Duration.ofSeconds(1)), WITH_PASSWORD);
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpRejectedException.class, e -> {
      assertThat(e.phase()).isEqualTo(SmtpPhase.EHLO);
      assertThat(e.reply().code()).isEqualTo(502);
    });
    assertThat(o.received()).doesNotContain("HELO ", "AUTH", "MAIL");
  }

  @Test
  void fallsBackToHeloAndSendsWhenEhloIsRefusedWithoutTls() {
    Script script = Script.create().send("220 old.example\r\n").expect("EHLO").send("502 5.5.1 what?\r\n")
        .expect("HELO").send("250 old.example\r\n").expect("MAIL").send("250 ok\r\n").expect("RCPT")
        .send("250 ok\r\n").expect("DATA").send("354 go\r\n").readData().send("250 queued\r\n")
        .expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.send(script, b -> b.tlsMode(TlsMode.NONE),
        MessageContent.of("Subject: x\r\n\r\nplain old SMTP\r\n"));
    assertThat(o.error()).isNull();
    assertThat(o.serverErrors()).isEmpty();
    assertThat(((SendResult) o.value()).accepted()).isTrue();
  }

  @Test
  void failsTheHandshakeWhenAnImplicitTlsPortSpeaksPlaintext() {
    Hostile.Outcome o = connect(Script.create().send("220 plaintext.example ESMTP\r\n").pause(Duration.ofSeconds(2)),
        b -> WITH_PASSWORD.apply(b).tlsMode(TlsMode.IMPLICIT));
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpTlsException.class,
        e -> assertThat(e.reason()).isEqualTo(SmtpTlsException.Reason.HANDSHAKE_FAILED));
    assertThat(o.received()).doesNotContain("EHLO", "AUTH");
  }
}
