package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sink.AuthMechanism;
import dev.sluice.sink.SmtpSink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 4954 4 with real token sizes (an Entra ID access token is 1.5–4 KB): the client keeps the
 * AUTH line within 512 octets and the sink takes SASL responses up to 12288 octets.
 */
class LongTokenTest {

  private static final String USER = "user@example.test";

  private static String token(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; b.length() < length; i++) {
      b.append((char) ('a' + i % 26));
      if (i % 97 == 96) {
        b.append('.');
      }
    }
    return b.substring(0, length);
  }

  private static String authenticate(AuthMechanism mechanism, Credentials credentials, String sinkUser,
      String sinkSecret) throws Exception {
    var builder = SmtpSink.builder().inMemory().tls(dev.sluice.sink.TlsMode.STARTTLS).authMechanisms(mechanism);
    builder = mechanism == AuthMechanism.XOAUTH2 ? builder.token(sinkUser, sinkSecret) : builder.user(sinkUser, sinkSecret);
    try (SmtpSink sink = builder.start();
         SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("localhost").port(sink.port())
             .heloName("client.test").timeouts(Timeouts.all(Duration.ofSeconds(10)))
             .trust(TrustConfig.certificates(List.of(sink.certificate().certificate())))
             .credentials(credentials).build())) {
      SmtpSession session = client.connect().get();
      String user = session.info().authenticatedUser();
      session.quit().get();
      return user;
    }
  }

  @Test
  void aThreeAndAHalfKilobyteXoauth2TokenAuthenticatesAgainstTheSink() throws Exception {
    String token = token(3500);
    assertThat(authenticate(AuthMechanism.XOAUTH2, Credentials.oauth(USER, TokenSource.of(token)), USER, token))
        .isEqualTo(USER);
  }

  @Test
  void aPasswordTooLongForTheAuthLineStillAuthenticatesWithPlain() throws Exception {
    String password = token(600);
    assertThat(authenticate(AuthMechanism.PLAIN, Credentials.password(USER, password), USER, password))
        .isEqualTo(USER);
  }
}
