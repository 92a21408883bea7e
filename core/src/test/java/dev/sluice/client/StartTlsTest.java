package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sink.tls.CertifiedKey;
import dev.sluice.testkit.ScriptedServer;
import dev.sluice.testkit.ScriptedServer.Script;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * The STARTTLS invariants, each against a scripted server: TLS or nothing when required, no byte
 * injected before the handshake accepted, certificates checked and failures named.
 */
class StartTlsTest {

  private static SmtpClientConfig.Builder config(ScriptedServer server) {
    return SmtpClientConfig.builder("localhost").port(server.port()).heloName("client.test")
        .trust(TestTls.trustCa()).timeouts(Timeouts.all(Duration.ofSeconds(5)));
  }

  private static Throwable connectFailure(SmtpClientConfig config) {
    try (SmtpClient client = SmtpClient.create(config)) {
      ThrowableAssert.ThrowingCallable connect = () -> client.connect().get();
      return org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class, connect).getCause();
    }
  }

  private static Script tlsOpening(CertifiedKey key) {
    return Script.create().greetAndEhlo("STARTTLS", "PIPELINING").expect("STARTTLS")
        .send("220 2.0.0 Ready to start TLS\r\n").startTls(TestTls.server(key));
  }

  @Test
  void upgradesForgetsCleartextCapabilitiesAndAuthenticates() throws Exception {
    Script script = tlsOpening(TestTls.LOCALHOST).expect("EHLO client.test")
        .send("250-test.example\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n")
        .expect("AUTH PLAIN AHVzZXJAZXhhbXBsZS50ZXN0AHNlY3JldA==").send("235 2.7.0 ok\r\n")
        .expect("QUIT").send("221 bye\r\n");
    try (ScriptedServer server = ScriptedServer.start(script);
         SmtpClient client = SmtpClient.create(config(server)
             .credentials(Credentials.password("user@example.test", "secret")).build())) {
      SmtpSession session = client.connect().get();
      session.quit().get();

      assertThat(server.errors()).isEmpty();
      assertThat(session.info().tls().protocol()).isIn("TLSv1.3", "TLSv1.2");
      assertThat(session.info().capabilities().pipelining()).as("learned before TLS, forgotten").isFalse();
      assertThat(session.info().capabilities().eightBitMime()).isTrue();
      assertThat(session.info().authMechanism()).isEqualTo("PLAIN");
    }
  }

  @Test
  void failsWhenStartTlsIsNotOfferedAndSendsNothingElse() {
    Script script = Script.create().greetAndEhlo("AUTH PLAIN LOGIN", "PIPELINING").expect("QUIT").send("221 bye\r\n");
    try (ScriptedServer server = ScriptedServer.start(script)) {
      Throwable error = connectFailure(config(server).credentials(Credentials.password("u@example.test", "pw")).build());

      assertThat(error).isInstanceOfSatisfying(SmtpTlsException.class,
          e -> assertThat(e.reason()).isEqualTo(SmtpTlsException.Reason.STARTTLS_NOT_OFFERED));
      assertThat(server.received()).doesNotContain("AUTH", "MAIL");
    }
  }
}
