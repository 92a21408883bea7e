package dev.sluice.sink.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SaslExchangesTest {

  private static final Credentials USERS = new Credentials(Map.of("user@example.test", "secret"),
      Map.of("user@example.test", "ya29.token"));

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void plainAcceptsTheRightPasswordAsAnInitialResponse() {
    assertThat(new PlainExchange(USERS).start(b64("\0user@example.test\0secret")))
        .isEqualTo(new SaslStep.Success("user@example.test"));
  }

  @Test
  void plainWithoutInitialResponseSendsAnEmptyChallengeFirst() {
    PlainExchange plain = new PlainExchange(USERS);

    assertThat(plain.start(null)).isEqualTo(new SaslStep.Challenge(""));
    assertThat(plain.next(b64("user@example.test\0user@example.test\0secret")))
        .isEqualTo(new SaslStep.Success("user@example.test"));
  }

  @Test
  void plainRefusesAWrongPasswordAForeignAuthzidAndGarbage() {
    assertThat(new PlainExchange(USERS).start(b64("\0user@example.test\0wrong"))).isEqualTo(SaslStep.Failure.BAD_CREDENTIALS);
    assertThat(new PlainExchange(USERS).start(b64("admin\0user@example.test\0secret")))
        .isEqualTo(SaslStep.Failure.BAD_CREDENTIALS);
    assertThat(new PlainExchange(USERS).start("%%%")).isEqualTo(SaslStep.Failure.MALFORMED);
    assertThat(new PlainExchange(USERS).start(b64("no-nuls"))).isEqualTo(SaslStep.Failure.MALFORMED);
  }

  @Test
  void loginAsksForUserThenPassword() {
    LoginExchange login = new LoginExchange(USERS);

    assertThat(login.start(null)).isEqualTo(new SaslStep.Challenge(b64("Username:")));
    assertThat(login.next(b64("user@example.test"))).isEqualTo(new SaslStep.Challenge(b64("Password:")));
    assertThat(login.next(b64("secret"))).isEqualTo(new SaslStep.Success("user@example.test"));
  }

  @Test
  void loginTakesTheUserAsInitialResponse() {
    LoginExchange login = new LoginExchange(USERS);

    assertThat(login.start(b64("user@example.test"))).isEqualTo(new SaslStep.Challenge(b64("Password:")));
    assertThat(login.next(b64("wrong"))).isEqualTo(SaslStep.Failure.BAD_CREDENTIALS);
  }

  @Test
  void xoauth2AcceptsTheRightToken() {
    assertThat(new XOAuth2Exchange(USERS).start(b64("user=user@example.test\u0001auth=Bearer ya29.token\u0001\u0001")))
        .isEqualTo(new SaslStep.Success("user@example.test"));
  }

  @Test
  void xoauth2AnswersAWrongTokenWithAJsonChallengeThenFails() {
    XOAuth2Exchange x = new XOAuth2Exchange(USERS);

    SaslStep first = x.start(b64("user=user@example.test\u0001auth=Bearer expired\u0001\u0001"));

    assertThat(first).isInstanceOf(SaslStep.Challenge.class);
    String json = new String(Base64.getDecoder().decode(((SaslStep.Challenge) first).base64()), StandardCharsets.UTF_8);
    assertThat(json).contains("\"status\":\"401\"");
    assertThat(x.next("")).isEqualTo(SaslStep.Failure.BAD_CREDENTIALS);
  }

  @Test
  void passwordsAreNotTokensAndSecretsNeverShowInToString() {
    assertThat(USERS.checkToken("user@example.test", "secret")).isFalse();
    assertThat(USERS.toString()).doesNotContain("secret").doesNotContain("ya29");
  }
}
