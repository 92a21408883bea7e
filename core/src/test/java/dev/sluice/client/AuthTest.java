package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.codec.InvalidArgumentException;

import dev.sluice.testkit.ScriptedServer.Script;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Each SASL mechanism end to end over TLS against a scripted server. */
class AuthTest {

  private static Script offering(String mechanisms) {
    return Script.create().greetAndEhlo("STARTTLS").expect("STARTTLS").send("220 go\r\n")
        .startTls(TestTls.server()).expect("EHLO").send("250-test.example\r\n250 AUTH " + mechanisms + "\r\n");
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void logsInWithLoginAnsweringChallengesInOrder() {
    Script script = offering("LOGIN").expect("AUTH LOGIN").send("334 VXNlciBOYW1lAA==\r\n")
        .expect(b64("user@example.test")).send("334 UGFzc3dvcmQA\r\n").expect(b64("secret"))
        .send("235 2.7.0 ok\r\n").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.connect(script, b -> b.credentials(Credentials.password("user@example.test", "secret")));
    assertThat(o.error()).isNull();
    assertThat(o.serverErrors()).isEmpty();
  }

  @Test
  void prefersPlainOverLoginAndNeverPicksCramMd5Unasked() {
    Script script = offering("CRAM-MD5 LOGIN PLAIN").expect("AUTH PLAIN " + b64("\0u@example.test\0pw"))
        .send("235 ok\r\n").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.connect(script, b -> b.credentials(Credentials.password("u@example.test", "pw")));
    assertThat(o.error()).isNull();
    assertThat(o.serverErrors()).isEmpty();
  }

  @Test
  void usesCramMd5WhenOptedIn() throws Exception {
    String challenge = "<1896.697170952@postoffice.example.net>";
    Mac mac = Mac.getInstance("HmacMD5");
    mac.init(new SecretKeySpec("tanstaaftanstaaf".getBytes(StandardCharsets.UTF_8), "HmacMD5"));
    StringBuilder hex = new StringBuilder();
    for (byte x : mac.doFinal(challenge.getBytes(StandardCharsets.UTF_8))) {
      hex.append(String.format("%02x", x));
    }
    Script script = offering("CRAM-MD5 PLAIN").expect("AUTH CRAM-MD5").send("334 " + b64(challenge) + "\r\n")
        .expect(b64("tim " + hex)).send("235 ok\r\n").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.connect(script, b -> b.credentials(Credentials.password("tim", "tanstaaftanstaaf"))
        .authMechanisms(List.of("CRAM-MD5", "PLAIN")));
    assertThat(o.error()).isNull();
    assertThat(o.serverErrors()).isEmpty();
  }

  @Test
  void refreshesTheTokenOnceAfterXoauth2IsRejected() {
    String json = b64("{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://mail.example/\"}");
    Script script = offering("LOGIN XOAUTH2")
        .expect("AUTH XOAUTH2 " + b64("user=u@example.test\u0001auth=Bearer old\u0001\u0001"))
        .send("334 " + json + "\r\n").expect("").send("535 5.7.3 Authentication unsuccessful\r\n")
        .expect("AUTH XOAUTH2 " + b64("user=u@example.test\u0001auth=Bearer new\u0001\u0001"))
        .send("235 2.7.0 Authentication successful\r\n").expect("QUIT").send("221 bye\r\n");
    List<Boolean> asked = new ArrayList<>();
    TokenSource tokens = refresh -> {
      asked.add(refresh);
      return refresh ? "new" : "old";
    };
    Hostile.Outcome o = Hostile.connect(script, b -> b.credentials(Credentials.oauth("u@example.test", tokens)));
    assertThat(o.error()).isNull();
    assertThat(o.serverErrors()).isEmpty();
    assertThat(asked).containsExactly(false, true);
  }

  @Test
  void givesUpAfterOneTokenRefresh() {
    Script script = offering("XOAUTH2").expect("AUTH XOAUTH2").send("535 5.7.3 bad token\r\n")
        .expect("AUTH XOAUTH2").send("535 5.7.3 bad token\r\n").expect("QUIT").send("221 bye\r\n");
    AtomicInteger calls = new AtomicInteger();
    Hostile.Outcome o = Hostile.connect(script, b -> b.credentials(Credentials.oauth("u@example.test",
        refresh -> "t" + calls.incrementAndGet())));
    assertThat(o.smtpError()).isInstanceOf(SmtpAuthenticationException.class);
    assertThat(o.smtpError().hint()).contains("token");
    assertThat(calls).hasValue(2);
  }

  @Test
  void logsInWithOauthBearerAndAnswersItsErrorWithKvsep() {
    String expected = b64("n,a=u@example.test,\u0001host=localhost\u0001port=");
    Script script = offering("OAUTHBEARER").expect("AUTH OAUTHBEARER ").send("334 " + b64("{\"status\":\"invalid_token\"}")
        + "\r\n").expect("AQ==").send("535 5.7.8 no\r\n").expect("AUTH OAUTHBEARER").send("235 ok\r\n")
        .expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.connect(script, b -> b.credentials(Credentials.oauth("u@example.test", r -> "tok")));
    assertThat(o.error()).isNull();
    assertThat(o.serverErrors()).isEmpty();
    String authLine = o.received().lines().filter(l -> l.startsWith("AUTH OAUTHBEARER ")).findFirst().orElseThrow();
    String decoded = new String(Base64.getDecoder().decode(authLine.substring(17)), StandardCharsets.UTF_8);
    assertThat(decoded).startsWith("n,a=u@example.test,\u0001host=localhost\u0001port=").endsWith("auth=Bearer tok\u0001\u0001");
    assertThat(expected).isNotEmpty();
  }

  @Test
  void reportsATokenSourceFailureWithoutSendingAuth() {
    Script script = offering("XOAUTH2").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.connect(script, b -> b.credentials(Credentials.oauth("u@example.test",
        TokenSource.environment("SLUICE_TEST_SURELY_UNSET_VARIABLE"))));
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpAuthenticationException.class,
        e -> assertThat(e.reason()).isEqualTo(SmtpAuthenticationException.Reason.TOKEN_UNAVAILABLE));
    assertThat(o.received()).doesNotContain("AUTH");
  }

  @Test
  void refusesAControlCharacterInCredentialsBeforeAnyConnection() {
    assertThatThrownBy(() -> Credentials.password("user@example.test\r\nMAIL FROM:<x@evil.test>", "pw"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("\\r\\n");
    assertThatThrownBy(() -> Credentials.password("user@example.test", "pw\0authzid"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageNotContaining("authzid");
  }
}
