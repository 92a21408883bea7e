package dev.sluice.cli;

import static dev.sluice.cli.ProbeCommandTest.TOKEN;
import static dev.sluice.cli.ProbeCommandTest.USER;
import static dev.sluice.cli.ProbeCommandTest.office365;
import static dev.sluice.cli.ProbeCommandTest.sluice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.ProbeCommandTest.Run;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --profile office365} for send and blast, against the sink dressed as Office 365. */
class Office365ProfileTest {

  @TempDir
  Path dir;

  private String[] common(SmtpSink s, String command, String... more) throws Exception {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, ProbeCommandTest.CA.certificatePem());
    Path token = dir.resolve("token");
    Files.writeString(token, TOKEN + "\n");
    String[] base = {command, "--profile", "office365", "--host", "localhost", "--port", String.valueOf(s.port()),
        "--ca-file", ca.toString(), "--helo", "client.test", "--timeout-s", "10", "--user", USER,
        "--oauth-token-file", token.toString()};
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void sendsWithXoauth2FromATokenFile() throws Exception {
    try (SmtpSink s = office365().start()) {
      Run r = sluice(common(s, "send", "--from", USER, "--to", "you@example.test", "--subject", "hi", "--body", "hello"));

      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      StoredMessage m = s.awaitMessages(1, Duration.ofSeconds(5)).get(0);
      assertThat(m.authenticatedUser()).isEqualTo(USER);
      assertThat(m.tls()).isTrue();
    }
  }

  @Test
  void explainsSendAsDeniedAndExitsOne() throws Exception {
    try (SmtpSink s = office365().fault("data-end:554 5.2.252 SendAsDenied; " + USER + " not allowed to send as "
        + "boss@contoso.test; STOREDRV.Submission.Exception:SendAsDeniedException").start()) {
      Run r = sluice(common(s, "send", "--from", "boss@contoso.test", "--to", "you@example.test", "--body", "x"));

      assertThat(r.exit()).isEqualTo(ExitCodes.REJECTED);
      assertThat(r.err()).contains("554 5.2.252").contains("hint: the authenticated user may not send as this From address");
    }
  }

  @Test
  void sendWithoutHostOrProfileIsAUsageError() {
    Run r = sluice("send", "--from", "a@example.test", "--to", "b@example.test", "--body", "x");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--host is required (or --profile office365)");
  }

  @Test
  void blastKeepsToThreeConnectionsAndSendsToTheUsersOwnMailbox() throws Exception {
    try (SmtpSink s = office365().start()) {
      Run r = sluice(common(s, "blast", "--messages", "2", "--connections", "8", "--size", "512"));

      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(r.err()).contains("Office 365 allows 3 connections and 30 messages a minute per mailbox");
      assertThat(r.out()).contains("delivered=2 ");
      assertThat(s.messages()).hasSize(2).allSatisfy(m -> {
        assertThat(m.from()).isEqualTo(USER);
        assertThat(m.recipientAddresses()).containsExactly(USER);
      });
      assertThat(s.counters().connections()).isLessThanOrEqualTo(3);
    }
  }
}
