package dev.sluice.it.peers;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Proves the aiosmtpd harness with smtplib, swaks and raw commands (no Sluice client). */
@RequiresPeer({Aiosmtpd.NAME, Peers.SWAKS})
class AiosmtpdSmokeTest {

  private static final Duration DELIVERY = Duration.ofSeconds(20);
  private static Aiosmtpd withAuth;

  @BeforeAll
  static void startPeer() {
    withAuth = new Aiosmtpd().withDefaultUser().start();
    System.out.println(withAuth.name() + " started in " + withAuth.startupTime().toMillis()
        + " ms: " + withAuth.directory());
  }

  @AfterAll
  static void stopPeer() {
    if (withAuth != null) {
      withAuth.close();
    }
  }

  @BeforeEach
  void emptyStore() {
    withAuth.clearDelivered();
  }

  @Test
  void starttlsWithAuthStoresEnvelopeAndExactData() {
    byte[] data = Clients.ascii("Subject: hi\r\n\r\nbody-" + UUID.randomUUID() + "\r\n");
    var result = Clients.smtplib(withAuth, withAuth.submissionPort(), Security.STARTTLS, "PLAIN",
        Peers.USER, Peers.PASSWORD, List.of("rcpt@example.test"), data);

    assertThat(result.ok()).as(result.raw()).isTrue();
    Aiosmtpd.Received got = withAuth.awaitMessages(1, DELIVERY).get(0);
    assertThat(got.data()).isEqualTo(data);
    assertThat(got.listener()).isEqualTo("starttls");
    assertThat(got.tls()).isTrue();
    assertThat(got.authUser()).isEqualTo(Peers.USER);
    assertThat(got.mailFrom()).isEqualTo("sender@example.test");
    assertThat(got.rcptTos()).containsExactly("rcpt@example.test");
  }

  @Test
  void implicitTlsWithAuthLoginIsStored() {
    String body = "body-" + UUID.randomUUID();
    var result = Clients.swaks(withAuth, withAuth.smtpsPort(), Security.TLS, "LOGIN",
        Peers.USER, Peers.PASSWORD, "rcpt@example.test", body);

    assertThat(result.exitCode()).as(result.transcript()).isZero();
    assertThat(new String(withAuth.awaitDelivered(1, DELIVERY).get(0), StandardCharsets.UTF_8))
        .contains(body);
    assertThat(withAuth.awaitMessages(1, DELIVERY).get(0).listener()).isEqualTo("tls");
  }

  @Test
  void plainListenerAcceptsAuthWithoutTls() {
    var result = Clients.smtplib(withAuth, withAuth.plainPort(), Security.PLAIN, "LOGIN",
        Peers.USER, Peers.PASSWORD, List.of("rcpt@example.test"),
        Clients.ascii("Subject: plain\r\n\r\nplain body\r\n"));

    assertThat(result.ok()).as(result.raw()).isTrue();
    Aiosmtpd.Received got = withAuth.awaitMessages(1, DELIVERY).get(0);
    assertThat(got.listener()).isEqualTo("plain");
    assertThat(got.tls()).isFalse();
  }

  @Test
  void wrongPasswordIsRejectedWith535() {
    var result = Clients.smtplib(withAuth, withAuth.smtpsPort(), Security.TLS, "PLAIN",
        Peers.USER, "wrong", List.of("rcpt@example.test"), Clients.ascii("x\r\n"));

    assertThat(result.ok()).isFalse();
    assertThat(result.code()).as(result.raw()).isEqualTo(535);
  }

  @Test
  void starttlsListenerWantsTlsBeforeAuthAndMail() throws IOException {
    try (RawSmtp smtp = RawSmtp.plain(withAuth.submissionPort(), withAuth.caFile())) {
      RawSmtp.Reply ehlo = smtp.command("EHLO client.example.test");
      assertThat(ehlo.has("STARTTLS")).as(ehlo.toString()).isTrue();
      assertThat(ehlo.has("AUTH")).as(ehlo.toString()).isFalse();
      assertThat(smtp.command("MAIL FROM:<a@example.test>").code()).isEqualTo(530);
      assertThat(smtp.starttls().code()).isEqualTo(220);
      RawSmtp.Reply afterTls = smtp.command("EHLO client.example.test");
      assertThat(afterTls.has("AUTH")).as(afterTls.toString()).isTrue();
      assertThat(smtp.command("MAIL FROM:<a@example.test>").code()).as("AUTH required")
          .isEqualTo(530);
    }
  }

  @Test
  void rejectRecipientGets550WhileTheOtherIsStored() {
    var result = Clients.smtplib(withAuth, withAuth.smtpsPort(), Security.TLS, "PLAIN",
        Peers.USER, Peers.PASSWORD, List.of("good@example.test", "reject-this@example.test"),
        Clients.ascii("Subject: partial\r\n\r\npartial\r\n"));

    assertThat(result.ok()).as(result.raw()).isTrue();
    assertThat(result.refused().path("reject-this@example.test").path(0).asInt()).isEqualTo(550);
    assertThat(withAuth.awaitMessages(1, DELIVERY).get(0).rcptTos())
        .containsExactly("good@example.test");
  }

  @Test
  void withoutUsersPlainDataIsStoredByteForByte() throws IOException {
    try (Aiosmtpd open = new Aiosmtpd().start()) {
      // dot-stuffed line, 8-bit bytes, a bare LF inside a line: stored exactly, minus the stuffing
      byte[] wire = "Subject: exact\r\n\r\n..leading dot\r\ncaf\u00e9 \n bare LF\r\n.\r\n"
          .getBytes(StandardCharsets.UTF_8);
      byte[] expected = "Subject: exact\r\n\r\n.leading dot\r\ncaf\u00e9 \n bare LF\r\n"
          .getBytes(StandardCharsets.UTF_8);
      try (RawSmtp smtp = RawSmtp.plain(open.plainPort(), null)) {
        RawSmtp.Reply ehlo = smtp.command("EHLO client.example.test");
        assertThat(ehlo.has("AUTH")).isFalse();
        assertThat(ehlo.has("PIPELINING")).isFalse();
        assertThat(smtp.command("MAIL FROM:<a@example.test> BODY=8BITMIME").code()).isEqualTo(250);
        assertThat(smtp.command("RCPT TO:<b@example.test>").code()).isEqualTo(250);
        assertThat(smtp.command("DATA").code()).isEqualTo(354);
        smtp.write(wire);
        assertThat(smtp.read().code()).isEqualTo(250);
        smtp.command("QUIT");
      }
      Aiosmtpd.Received got = open.awaitMessages(1, DELIVERY).get(0);
      assertThat(got.data()).isEqualTo(expected);
      assertThat(got.mailOptions()).containsExactly("BODY=8BITMIME");
      assertThat(got.authUser()).isNull();
    }
  }
}
