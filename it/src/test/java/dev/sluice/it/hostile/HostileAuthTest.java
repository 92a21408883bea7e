package dev.sluice.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Credentials;
import dev.sluice.client.Hostile;
import dev.sluice.client.SmtpPhase;
import dev.sluice.client.SmtpTimeoutException;
import dev.sluice.client.TestTls;
import dev.sluice.client.Timeouts;
import dev.sluice.testkit.ScriptedServer.Script;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** AUTH against scripted servers: line lengths (RFC 4954 4) and a token source that never answers (issue 12). */
class HostileAuthTest {

  private static Script offering(String mechanisms) {
    return Script.create().greetAndEhlo("STARTTLS").expect("STARTTLS").send("220 go\r\n")
        .startTls(TestTls.server()).expect("EHLO").send("250-test.example\r\n250 AUTH " + mechanisms + "\r\n");
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sendsALongXoauth2TokenAfterTheFirst334NotOnTheAuthLine() {
    String token = "t".repeat(3500);
    String response = b64("user=u@example.test\u0001auth=Bearer " + token + "\u0001\u0001");
    Script script = offering("XOAUTH2").expect("AUTH XOAUTH2").send("334 \r\n").expect(response)
        .send("235 2.7.0 ok\r\n").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.connect(script, b -> b.credentials(Credentials.oauth("u@example.test", r -> token)));
    assertThat(o.error()).isNull();
    assertThat(o.serverErrors()).isEmpty();
    assertThat(o.received()).contains("AUTH XOAUTH2\r\n" + response + "\r\n");
    assertThat(o.received().lines()).allSatisfy(l -> {
      if (l.startsWith("AUTH")) {
        assertThat(l.length() + 2).isLessThanOrEqualTo(512);
      }
    });
  }

  @Test
  void keepsAShortInitialResponseOnTheAuthLine() {
    Script script = offering("PLAIN").expect("AUTH PLAIN " + b64("\0u@example.test\0pw")).send("235 ok\r\n")
        .expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.connect(script, b -> b.credentials(Credentials.password("u@example.test", "pw")));
    assertThat(o.error()).isNull();
    assertThat(o.serverErrors()).isEmpty();
  }

  @Test
  void aTokenSourceThatNeverAnswersTimesOutInItsOwnPhase() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Script script = offering("XOAUTH2").expect("QUIT").send("221 bye\r\n");
    try {
      Hostile.Outcome o = Hostile.connect(script, b -> b.timeouts(Timeouts.all(Duration.ofMillis(800)))
          .credentials(Credentials.oauth("u@example.test", r -> {
            release.await();
            return "late";
          })));
      assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpTimeoutException.class,
          e -> assertThat(e.phase()).isEqualTo(SmtpPhase.TOKEN));
      assertThat(o.smtpError().hint()).contains("token source");
      assertThat(o.received()).doesNotContain("AUTH");
    } finally {
      release.countDown();
    }
  }
}
