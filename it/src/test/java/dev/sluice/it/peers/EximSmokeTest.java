package dev.sluice.it.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.it.peers.Clients.Security;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves the exim harness with swaks, smtplib and raw commands, BDAT too (no Sluice client). */
@RequiresPeer({Exim.NAME, Peers.SWAKS, Peers.PYTHON3})
class EximSmokeTest {

  private static final Duration DELIVERY = Duration.ofSeconds(20);
  private static Exim peer;

  @BeforeAll
  static void startPeer() {
    peer = new Exim().start();
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
  void aServerThatDoesNotComeUpFailsFastWithItsLog() {
    Exim broken = new Exim().mainOption("no_such_option_for_the_test = 1");
    try {
      long begin = System.nanoTime();
      assertThatThrownBy(broken::start)
          .isInstanceOf(PeerStartException.class)
          .hasMessageContaining("exim did not start")
          .hasMessageContaining("no_such_option_for_the_test");
      assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
      assertThat(broken.isRunning()).isFalse();
    } finally {
      PeerFiles.deleteTree(broken.directory()); // kept for inspection after a failed start
    }
  }

  @Test
  void starttlsWithAuthPlainIsDelivered() {
    String body = "body-" + UUID.randomUUID();
    var result = Clients.swaks(peer, peer.submissionPort(), Security.STARTTLS, "PLAIN",
        Peers.USER, Peers.PASSWORD, "rcpt@example.test", body);

    assertThat(result.exitCode()).as(result.transcript()).isZero();
    String message = new String(peer.awaitDelivered(1, DELIVERY).get(0), StandardCharsets.UTF_8);
    assertThat(message).contains(body).contains("Envelope-to: rcpt@example.test")
        .contains("with esmtpsa");
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
    var result = Clients.swaks(peer, peer.smtpsPort(), Security.TLS, "LOGIN",
        Peers.USER, "wrong", "rcpt@example.test", "never delivered");

    assertThat(result.exitCode()).as(result.transcript()).isEqualTo(28);
    assertThat(result.transcript()).contains("535 Incorrect authentication data");
  }

  @Test
  void advertisesChunkingAndPipeliningAndAuthOnlyUnderTls() throws IOException {
    try (RawSmtp smtp = RawSmtp.plain(peer.submissionPort(), peer.caFile())) {
      RawSmtp.Reply ehlo = smtp.command("EHLO client.example.test");
      assertThat(ehlo.has("STARTTLS")).as(ehlo.toString()).isTrue();
      assertThat(ehlo.has("AUTH")).as(ehlo.toString()).isFalse();
      assertThat(smtp.starttls().code()).isEqualTo(220);
      RawSmtp.Reply afterTls = smtp.command("EHLO client.example.test");
      assertThat(afterTls.lines()).contains("PIPELINING", "CHUNKING", "AUTH PLAIN LOGIN");
      assertThat(afterTls.has("STARTTLS")).isFalse();
      assertThat(smtp.command("MAIL FROM:<a@example.test>").code()).as("no AUTH yet").isEqualTo(530);
    }
  }

  @Test
  void bdatIsDelivered() throws IOException {
    String body = "bdat-body-" + UUID.randomUUID();
    byte[] data = ("Subject: bdat\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.US_ASCII);
    try (RawSmtp smtp = RawSmtp.implicitTls(peer.smtpsPort(), peer.caFile())) {
      smtp.command("EHLO client.example.test");
      assertThat(smtp.authPlain(Peers.USER, Peers.PASSWORD).code()).isEqualTo(235);
      assertThat(smtp.command("MAIL FROM:<a@example.test>").code()).isEqualTo(250);
      assertThat(smtp.command("RCPT TO:<bdat@example.test>").code()).isEqualTo(250);
      int half = data.length / 2;
      smtp.write(("BDAT " + half + "\r\n").getBytes(StandardCharsets.US_ASCII));
      smtp.write(java.util.Arrays.copyOfRange(data, 0, half));
      assertThat(smtp.read().code()).isEqualTo(250);
      smtp.write(("BDAT " + (data.length - half) + " LAST\r\n").getBytes(StandardCharsets.US_ASCII));
      smtp.write(java.util.Arrays.copyOfRange(data, half, data.length));
      assertThat(smtp.read().code()).isEqualTo(250);
      smtp.command("QUIT");
    }
    String message = new String(peer.awaitDelivered(1, DELIVERY).get(0), StandardCharsets.UTF_8);
    assertThat(message).contains("Envelope-to: bdat@example.test").contains(body);
  }

  @Test
  void allowUnauthenticatedAcceptsPlaintextMailWithoutAuth() throws IOException {
    try (Exim open = new Exim().allowUnauthenticated().start()) {
      try (RawSmtp smtp = RawSmtp.plain(open.submissionPort(), null)) {
        smtp.command("EHLO client.example.test");
        assertThat(smtp.command("MAIL FROM:<a@example.test>").code()).isEqualTo(250);
        assertThat(smtp.command("RCPT TO:<open@example.test>").code()).isEqualTo(250);
        assertThat(smtp.command("RCPT TO:<reject-x@example.test>").code()).isEqualTo(550);
        assertThat(smtp.command("DATA").code()).isEqualTo(354);
        smtp.write(Clients.ascii("Subject: open\r\n\r\nno auth\r\n.\r\n"));
        assertThat(smtp.read().code()).isEqualTo(250);
      }
      assertThat(new String(open.awaitDelivered(1, DELIVERY).get(0), StandardCharsets.UTF_8))
          .contains("Envelope-to: open@example.test").contains("no auth");
    }
  }

  @Test
  void rejectRecipientGets550WhileTheOtherIsDelivered() {
    var result = Clients.smtplib(peer, peer.submissionPort(), Security.STARTTLS, "LOGIN",
        Peers.USER, Peers.PASSWORD, List.of("reject1@example.test", "good@example.test"),
        Clients.ascii("Subject: partial\r\n\r\npartial body\r\n"));

    assertThat(result.ok()).as(result.raw()).isTrue();
    assertThat(result.refused().path("reject1@example.test").path(0).asInt()).isEqualTo(550);
    assertThat(result.refused().size()).isEqualTo(1);
    String message = new String(peer.awaitDelivered(1, DELIVERY).get(0), StandardCharsets.UTF_8);
    assertThat(message).contains("Envelope-to: good@example.test").contains("partial body");
  }
}
