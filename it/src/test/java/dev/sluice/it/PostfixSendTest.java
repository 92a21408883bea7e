package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.client.Credentials;
import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpAuthenticationException;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TrustConfig;
import dev.sluice.it.peers.Peers;
import dev.sluice.it.peers.PostfixDovecot;
import dev.sluice.it.peers.RequiresPeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client and `sluice send` against Postfix with Dovecot SASL: STARTTLS and implicit TLS, PLAIN and LOGIN. */
@RequiresPeer(PostfixDovecot.NAME)
class PostfixSendTest {

  private static final Duration DELIVERY = Duration.ofSeconds(20);
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

  @BeforeEach
  void clear() {
    postfix.clearDelivered();
  }

  private static SmtpClientConfig.Builder config(int port, TlsMode mode, String mechanism, String password) {
    return SmtpClientConfig.builder("localhost").port(port).tlsMode(mode)
        .trust(TrustConfig.pemFile(postfix.caFile())).heloName("client.example.test")
        .credentials(Credentials.password(Peers.USER, password)).authMechanisms(List.of(mechanism));
  }

  private static String sendAndFetch(SmtpClientConfig config) throws Exception {
    String marker = "marker-" + UUID.randomUUID();
    try (SmtpClient client = SmtpClient.create(config)) {
      SmtpSession session = client.connect().get();
      SendResult r = session.send(Envelope.of(Peers.USER, "rcpt@example.test"),
          MessageContent.of("Subject: it\r\n\r\n" + marker + "\r\n.leading dot\r\n")).get();
      session.quit().get();
      assertThat(r.accepted()).isTrue();
    }
    String delivered = new String(postfix.awaitDelivered(1, DELIVERY).get(0), StandardCharsets.UTF_8);
    assertThat(delivered).contains(marker).contains("\n.leading dot\n").doesNotContain("..leading");
    return delivered;
  }

  @Test
  void deliversOverStartTlsWithPlain() throws Exception {
    assertThat(sendAndFetch(config(postfix.submissionPort(), TlsMode.STARTTLS_REQUIRED, "PLAIN", Peers.PASSWORD).build()))
        .contains("with ESMTPSA");
  }

  @Test
  void deliversOverStartTlsWithLogin() throws Exception {
    sendAndFetch(config(postfix.submissionPort(), TlsMode.STARTTLS_REQUIRED, "LOGIN", Peers.PASSWORD).build());
  }

  @Test
  void deliversOverImplicitTlsWithPlain() throws Exception {
    sendAndFetch(config(postfix.smtpsPort(), TlsMode.IMPLICIT, "PLAIN", Peers.PASSWORD).build());
  }

  @Test
  void deliversOverImplicitTlsWithLogin() throws Exception {
    sendAndFetch(config(postfix.smtpsPort(), TlsMode.IMPLICIT, "LOGIN", Peers.PASSWORD).build());
  }

  @Test
  void reportsAWrongPasswordAsAuthenticationFailure() {
    try (SmtpClient client = SmtpClient.create(config(postfix.submissionPort(), TlsMode.STARTTLS_REQUIRED, "PLAIN",
        "wrong").build())) {
      Throwable error = catchThrowable(() -> client.connect().join());
      assertThat(error).hasCauseInstanceOf(SmtpAuthenticationException.class);
      assertThat(((SmtpAuthenticationException) error.getCause()).reply().code()).isEqualTo(535);
    }
  }

  @Test
  void pipelinesManyMessagesOnOneSession() throws Exception {
    try (SmtpClient client = SmtpClient.create(config(postfix.submissionPort(), TlsMode.STARTTLS_REQUIRED, "PLAIN",
        Peers.PASSWORD).build())) {
      SmtpSession session = client.connect().get();
      MessageContent body = MessageContent.of("Subject: many\r\n\r\nsame body\r\n");
      CompletableFuture<?>[] all = new CompletableFuture<?>[20];
      for (int i = 0; i < all.length; i++) {
        all[i] = session.send(Envelope.of(Peers.USER, "r" + i + "@example.test"), body);
      }
      CompletableFuture.allOf(all).get();
      body.release();
      session.quit().get();
    }
    assertThat(postfix.awaitDelivered(20, DELIVERY)).hasSize(20);
  }

  @Test
  void cliSendsWithAPasswordFromTheEnvironmentAndExitsZero() throws Exception {
    SluiceCli.Run run = SluiceCli.run(Map.of("PASS", Peers.PASSWORD), "send", "--host", "127.0.0.1",
        "--port", String.valueOf(postfix.submissionPort()), "--tls", "starttls", "--ca-file", postfix.caFile().toString(),
        "--user", Peers.USER, "--password-env", "PASS", "--from", "a@example.test", "--to", "b@example.test",
        "--subject", "hi", "--body", "hello from the cli");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(new String(postfix.awaitDelivered(1, DELIVERY).get(0), StandardCharsets.UTF_8))
        .contains("Subject: hi").contains("hello from the cli");
  }

  @Test
  void cliExitsFourOnAWrongPassword() throws Exception {
    SluiceCli.Run run = SluiceCli.run(Map.of("PASS", "wrong"), "send", "--host", "127.0.0.1",
        "--port", String.valueOf(postfix.submissionPort()), "--ca-file", postfix.caFile().toString(),
        "--user", Peers.USER, "--password-env", "PASS", "--from", "a@example.test", "--to", "b@example.test",
        "--body", "x");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("535").doesNotContain("wrong").doesNotContain("Exception");
  }
}
