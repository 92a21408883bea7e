package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Credentials;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.WireTrace;
import dev.sluice.it.peers.PostfixDovecot;
import dev.sluice.it.peers.RequiresPeer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 4954 4 against Postfix with Dovecot SASL (issue 12, item 5): an initial response that would
 * make the AUTH line longer than 512 octets goes after the 334, and the server takes the long
 * response line. (Dovecot's XOAUTH2 needs an OAuth introspection service; the same code path is
 * shown here with a 600-character password, and with a 3,500-character token against the sink in
 * core's LongTokenTest.)
 */
@RequiresPeer(PostfixDovecot.NAME)
class PostfixLongAuthTest {

  private static PostfixDovecot postfix;

  @BeforeAll
  static void start() {
    postfix = new PostfixDovecot().start();
  }

  @AfterAll
  static void stop() {
    if (postfix != null) {
      postfix.close();
    }
  }

  /** Authenticates with {@code mechanism}; returns the lines the client sent. */
  private static List<String> authenticate(String mechanism) throws Exception {
    List<String> sent = Collections.synchronizedList(new ArrayList<>());
    SmtpClientConfig config = SmtpClientConfig.builder("localhost").port(postfix.submissionPort())
        .tlsMode(TlsMode.STARTTLS_REQUIRED).trust(TrustConfig.pemFile(postfix.caFile()))
        .heloName("client.example.test").authMechanisms(List.of(mechanism))
        .credentials(Credentials.password(PostfixDovecot.LONG_PASSWORD_USER, PostfixDovecot.LONG_PASSWORD))
        .trace(new WireTrace() {
          @Override
          public void sent(String line) {
            sent.add(line);
          }

          @Override
          public void received(String line) {}
        }).build();
    try (SmtpClient client = SmtpClient.create(config)) {
      SmtpSession session = client.connect().get();
      assertThat(session.info().authenticatedUser()).isEqualTo(PostfixDovecot.LONG_PASSWORD_USER);
      session.quit().get();
    }
    return sent;
  }

  @Test
  void aPlainInitialResponseTooLongForTheAuthLineIsSentAfterThe334() throws Exception {
    List<String> sent = authenticate("PLAIN");
    assertThat(sent).anySatisfy(l -> assertThat(l).isEqualTo("AUTH PLAIN"));
  }

  @Test
  void loginWithALongPasswordAuthenticates() throws Exception {
    List<String> sent = authenticate("LOGIN");
    assertThat(sent).anySatisfy(l -> assertThat(l).startsWith("AUTH LOGIN"));
  }
}
