package dev.sluice.it.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.it.peers.Clients.Security;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves the Postfix + Dovecot harness with swaks, smtplib and raw commands (no Sluice client). */
@RequiresPeer({PostfixDovecot.NAME, Peers.SWAKS, Peers.PYTHON3})
class PostfixDovecotSmokeTest {

  private static final Duration DELIVERY = Duration.ofSeconds(20);
  private static PostfixDovecot peer;

  @BeforeAll
  static void startPeer() {
    peer = new PostfixDovecot().start();
    System.out.println(peer.name() + " started in " + peer.startupTime().toMillis() + " ms: "
        + peer.directory());
  }

  @AfterAll
  static void stopPeer() {
    if (peer != null) {
      peer.close();
    }
  }

  @BeforeEach
  void emptyMaildir() {
    peer.clearDelivered();
  }

  @Test
  void starttlsWithAuthPlainIsDeliveredToTheMaildir() {
    String body = "body-" + UUID.randomUUID();
    var result = Clients.swaks(peer, peer.submissionPort(), Security.STARTTLS, "PLAIN",
        Peers.USER, Peers.PASSWORD, "rcpt@example.test", body);

    assertThat(result.exitCode()).as(result.transcript()).isZero();
    List<byte[]> delivered = peer.awaitDelivered(1, DELIVERY);
    assertThat(delivered).hasSize(1);
    String message = new String(delivered.get(0), StandardCharsets.UTF_8);
    assertThat(message).contains(body).contains("Delivered-To: rcpt@example.test")
        .contains("with ESMTPSA");
  }

  @Test
  void implicitTlsWithAuthLoginIsDelivered() {
    String body = "body-" + UUID.randomUUID();
    var result = Clients.swaks(peer, peer.smtpsPort(), Security.TLS, "LOGIN",
        Peers.USER, Peers.PASSWORD, "rcpt@example.test", body);

    assertThat(result.exitCode()).as(result.transcript()).isZero();
    assertThat(new String(peer.awaitDelivered(1, DELIVERY).get(0), StandardCharsets.UTF_8))
        .contains(body);
  }

  @Test
  void wrongPasswordIsRejectedWith535() {
    var result = Clients.swaks(peer, peer.submissionPort(), Security.STARTTLS, "PLAIN",
        Peers.USER, "wrong", "rcpt@example.test", "never delivered");

    assertThat(result.exitCode()).as(result.transcript()).isEqualTo(28); // swaks: AUTH failed
    assertThat(result.transcript()).contains("535 5.7.8");
  }

  @Test
  void beforeStarttlsThereIsNoAuthAndNoMail() throws IOException {
    try (RawSmtp smtp = RawSmtp.plain(peer.submissionPort(), peer.caFile())) {
      assertThat(smtp.greeting().code()).isEqualTo(220);
      RawSmtp.Reply ehlo = smtp.command("EHLO client.example.test");
      assertThat(ehlo.has("STARTTLS")).as(ehlo.toString()).isTrue();
      assertThat(ehlo.has("AUTH")).as(ehlo.toString()).isFalse();
      assertThat(smtp.command("MAIL FROM:<a@example.test>").code()).isEqualTo(530);

      assertThat(smtp.starttls().code()).isEqualTo(220);
      RawSmtp.Reply afterTls = smtp.command("EHLO client.example.test");
      assertThat(afterTls.lines()).contains("AUTH PLAIN LOGIN");
      // TLS but no AUTH: no relaying
      assertThat(smtp.command("MAIL FROM:<a@example.test>").code()).isEqualTo(250);
      assertThat(smtp.command("RCPT TO:<b@example.test>").code()).isEqualTo(554);
    }
  }

  @Test
  void rejectRecipientGets550WhileTheOtherIsDelivered() {
    var result = Clients.smtplib(peer, peer.submissionPort(), Security.STARTTLS, "PLAIN",
        Peers.USER, Peers.PASSWORD, List.of("good@example.test", "reject-me@example.test"),
        Clients.ascii("Subject: partial\r\n\r\npartial body\r\n"));

    assertThat(result.ok()).as(result.raw()).isTrue();
    assertThat(result.refused().path("reject-me@example.test").path(0).asInt()).isEqualTo(550);
    assertThat(result.refused().has("good@example.test")).isFalse();
    String message = new String(peer.awaitDelivered(1, DELIVERY).get(0), StandardCharsets.UTF_8);
    assertThat(message).contains("Delivered-To: good@example.test").contains("partial body");
  }

  @Test
  void awaitDeliveredFailsWithTheLogWhenNothingArrives() {
    assertThatThrownBy(() -> peer.awaitDelivered(1, Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected 1 delivered message(s)")
        .hasMessageContaining("maillog");
  }

  @Test
  void discardModeAcceptsButStoresNothing() throws Exception {
    try (PostfixDovecot discarding = new PostfixDovecot().discardDeliveries().start()) {
      var result = Clients.swaks(discarding, discarding.smtpsPort(), Security.TLS, "PLAIN",
          Peers.USER, Peers.PASSWORD, "rcpt@example.test", "into the void");
      assertThat(result.exitCode()).as(result.transcript()).isZero();

      long deadline = System.nanoTime() + DELIVERY.toNanos();
      while (!Files.readString(discarding.maillog()).contains("status=sent")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(Files.readString(discarding.maillog())).contains("relay=none")
          .contains("status=sent");
      assertThat(discarding.deliveredCount()).isZero();
      assertThatThrownBy(() -> discarding.awaitDelivered(1, Duration.ofMillis(10)))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void closeEndsEveryProcessFreesThePortsAndDeletesTheDirectory() throws Exception {
    PostfixDovecot shortLived = new PostfixDovecot().start();
    Set<Long> pids = shortLived.processes().stream()
        .flatMap(p -> p.tree().stream()).map(ProcessHandle::pid).collect(Collectors.toSet());
    Path dir = shortLived.directory();
    int port = shortLived.submissionPort();
    assertThat(pids).hasSizeGreaterThanOrEqualTo(2); // dovecot, master and their children

    shortLived.close();

    assertThat(PeerProcess.endedPids(pids)).containsExactlyInAnyOrderElementsOf(pids);
    assertThatThrownBy(() -> new Socket(Peers.HOST, port).close())
        .isInstanceOf(ConnectException.class);
    if (!PeerFiles.keepDirectories()) {
      assertThat(dir).doesNotExist();
    }
    shortLived.close(); // idempotent
  }
}
