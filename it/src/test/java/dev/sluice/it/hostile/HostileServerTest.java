package dev.sluice.it.hostile;

import static dev.sluice.client.Hostile.connect;
import static dev.sluice.client.Hostile.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.ConnectionLostException;
import dev.sluice.client.Credentials;
import dev.sluice.client.Envelope;
import dev.sluice.client.Hostile;
import dev.sluice.client.MessageContent;
import dev.sluice.client.MessageRefusedException;
import dev.sluice.client.ProtocolViolationException;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpAuthenticationException;
import dev.sluice.client.SmtpAuthenticationException.Reason;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpPhase;
import dev.sluice.client.SmtpRejectedException;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.SmtpTimeoutException;
import dev.sluice.client.SmtpTlsException;
import dev.sluice.client.StartTlsInjectionException;
import dev.sluice.client.TestTls;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TlsMode;
import dev.sluice.sink.tls.CertifiedKey;
import dev.sluice.sink.tls.CertificateBuilder;
import dev.sluice.testkit.ScriptedServer.Script;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Scripted hostile and broken servers. Every case ends in a typed error (or the right result), with
 * no hang, no leak, and nothing sent that must not be.
 */
class HostileServerTest {

  private static final UnaryOperator<SmtpClientConfig.Builder> PLAIN = b -> b.tlsMode(TlsMode.NONE);
  private static final UnaryOperator<SmtpClientConfig.Builder> WITH_PASSWORD =
      b -> b.credentials(Credentials.password("user@example.test", "secret"));
  private static final MessageContent MESSAGE = MessageContent.of("Subject: x\r\n\r\nbody\r\n");

  private static Script startTlsWith(String reply) {
    return Script.create().greetAndEhlo("STARTTLS", "AUTH PLAIN").expect("STARTTLS").send(reply);
  }

  private static Script tlsUp(CertifiedKey key) {
    return Script.create().greetAndEhlo("STARTTLS").expect("STARTTLS").send("220 go\r\n")
        .startTls(TestTls.server(key));
  }

  private static void assertTls(Hostile.Outcome o, SmtpTlsException.Reason reason) {
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpTlsException.class,
        e -> assertThat(e.reason()).isEqualTo(reason));
    assertThat(o.received()).doesNotContain("AUTH", "MAIL");
  }

  // --- STARTTLS refused or tampered with --------------------------------------------------------

  @Test
  void startTlsAnswered454FailsWithoutAuthOrMail() {
    assertTls(connect(startTlsWith("454 4.7.0 TLS not available\r\n"), WITH_PASSWORD),
        SmtpTlsException.Reason.STARTTLS_REFUSED);
  }

  @Test
  void startTlsAnswered502FailsWithoutAuthOrMail() {
    assertTls(connect(startTlsWith("502 5.5.1 unknown command\r\n"), WITH_PASSWORD),
        SmtpTlsException.Reason.STARTTLS_REFUSED);
  }

  @Test
  void startTlsAnswered354FailsWithoutAuthOrMail() {
    assertTls(connect(startTlsWith("354 go ahead\r\n"), WITH_PASSWORD), SmtpTlsException.Reason.STARTTLS_REFUSED);
  }

  @Test
  void rejectsAReplyInjectedInTheSameWriteAsThe220() {
    Hostile.Outcome o = connect(startTlsWith("220 Ready to start TLS\r\n250-AUTH PLAIN\r\n250 PIPELINING\r\n"),
        WITH_PASSWORD);
    assertThat(o.smtpError()).isInstanceOf(StartTlsInjectionException.class);
    assertThat(o.received()).doesNotContain("AUTH", "MAIL", "QUIT");
  }

  @Test
  void rejectsAPartialLineInjectedAfterThe220() {
    Hostile.Outcome o = connect(startTlsWith("220 Ready to start TLS\r\n250-inj"), WITH_PASSWORD);
    assertThat(o.smtpError()).isInstanceOf(StartTlsInjectionException.class);
    assertThat(o.received()).doesNotContain("AUTH", "MAIL");
  }

  @Test
  void failsWhenCleartextArrivesInASeparateWriteAfterThe220() {
    Script script = Script.create().greetAndEhlo("STARTTLS").expect("STARTTLS").send("220 go\r\n")
        .pause(Duration.ofMillis(50)).send("250 injected later\r\n").pause(Duration.ofSeconds(1));
    Hostile.Outcome o = connect(script, WITH_PASSWORD);
    assertThat(o.smtpError()).isInstanceOf(SmtpTlsException.class);
    assertThat(o.received()).doesNotContain("AUTH", "MAIL");
  }

  @Test
  void neverUsesCapabilitiesOfferedOnlyBeforeTls() {
    Script script = Script.create().greetAndEhlo("STARTTLS", "AUTH PLAIN LOGIN").expect("STARTTLS")
        .send("220 go\r\n").startTls(TestTls.server()).expect("EHLO").send("250-test.example\r\n250 8BITMIME\r\n")
        .expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = connect(script, WITH_PASSWORD);
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpAuthenticationException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.NO_COMMON_MECHANISM));
    assertThat(o.received()).doesNotContain("AUTH");
  }

  @Test
  void failsWhenTheServerClosesAfterThe220() {
    Hostile.Outcome o = connect(startTlsWith("220 go\r\n").close(), WITH_PASSWORD);
    assertThat(o.smtpError()).isInstanceOf(SmtpTlsException.class);
  }

  @Test
  void failsWhenACleartext454ComesInsteadOfTheServerHello() {
    Hostile.Outcome o = connect(startTlsWith("220 go\r\n").pause(Duration.ofMillis(100))
        .send("454 4.7.0 TLS not available due to local problem\r\n").pause(Duration.ofSeconds(1)), WITH_PASSWORD);
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpTlsException.class,
        e -> assertThat(e.reason()).isEqualTo(SmtpTlsException.Reason.HANDSHAKE_FAILED));
  }

  // --- certificates ------------------------------------------------------------------------------

  @Test
  void namesASelfSignedCertificate() {
    Hostile.Outcome o = connect(tlsUp(TestTls.selfSigned()), b -> b);
    assertTls(o, SmtpTlsException.Reason.CERTIFICATE_UNTRUSTED);
    assertThat(o.error()).hasMessageContaining("self-signed").hasMessageNotContaining("PKIX");
  }

  @Test
  void namesACertificateFromAnUnknownAuthority() {
    CertifiedKey otherCa = CertificateBuilder.authority("Someone Else's CA").selfSigned();
    assertTls(connect(tlsUp(CertificateBuilder.forHosts("localhost").issuedBy(otherCa)), b -> b),
        SmtpTlsException.Reason.CERTIFICATE_UNTRUSTED);
  }

  @Test
  void namesACertificateForAnotherHost() {
    Hostile.Outcome o = connect(tlsUp(TestTls.wrongHost()), b -> b);
    assertTls(o, SmtpTlsException.Reason.HOSTNAME_MISMATCH);
    assertThat(o.error()).hasMessageContaining("mail.other.test");
  }

  @Test
  void namesAnExpiredCertificateAndMentionsTheClock() {
    Hostile.Outcome o = connect(tlsUp(TestTls.expired()), b -> b);
    assertTls(o, SmtpTlsException.Reason.CERTIFICATE_EXPIRED);
    assertThat(o.smtpError().describe()).contains("local clock").contains("check your system clock");
  }

  @Test
  void namesACertificateThatIsNotValidYet() {
    Hostile.Outcome o = connect(tlsUp(TestTls.notYetValid()), b -> b);
    assertTls(o, SmtpTlsException.Reason.CERTIFICATE_NOT_YET_VALID);
    assertThat(o.smtpError().hint()).contains("clock");
  }

  @Test
  void refusesAServerThatOnlySpeaksTls11() {
    Script script = Script.create().greetAndEhlo("STARTTLS").expect("STARTTLS").send("220 go\r\n")
        .startTls(TestTls.serverOpenSsl(TestTls.LOCALHOST, "TLSv1.1", "TLSv1"));
    assertTls(connect(script, b -> b), SmtpTlsException.Reason.PROTOCOL_VERSION);
  }

  // --- greeting ----------------------------------------------------------------------------------

  @Test
  void timesOutWhenTheGreetingNeverComes() {
    Hostile.Outcome o = connect(Script.create().pause(Duration.ofSeconds(10)),
        b -> b.tlsMode(TlsMode.NONE).timeouts(Timeouts.all(Duration.ofMillis(300))));
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpTimeoutException.class,
        e -> assertThat(e.phase()).isEqualTo(SmtpPhase.GREETING));
  }

  @Test
  void quitsPolitelyWhenGreetedWith554() {
    Hostile.Outcome o = connect(Script.create().send("554 5.7.1 no service for you\r\n").expect("QUIT"), PLAIN);
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpRejectedException.class,
        e -> assertThat(e.reply().code()).isEqualTo(554));
    assertThat(o.received()).isEqualTo("QUIT\r\n");
  }

  @Test
  void treatsAGreetingOf421AsTransient() {
    Hostile.Outcome o = connect(Script.create().send("421 4.3.2 too busy\r\n"), PLAIN);
    assertThat(o.smtpError().isTransient()).isTrue();
    assertThat(o.received()).doesNotContain("EHLO");
  }

  // --- malformed replies -------------------------------------------------------------------------

  @Test
  void refusesAnInvalidReplyCode() {
    Hostile.Outcome o = connect(Script.create().send("2x0 hello\r\n"), PLAIN);
    assertThat(o.smtpError()).isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void refusesMixedCodesInAMultilineReply() {
    Hostile.Outcome o = connect(Script.create().send("220 hi\r\n").expect("EHLO")
        .send("250-test.example\r\n251 PIPELINING\r\n"), PLAIN);
    assertThat(o.smtpError()).isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void refusesAnEndlessMultilineReply() {
    Hostile.Outcome o = connect(Script.create().send("220 hi\r\n").expect("EHLO")
        .send("250-x\r\n".repeat(1000)), PLAIN);
    assertThat(o.smtpError()).isInstanceOf(ProtocolViolationException.class).hasMessageContaining("lines");
  }

  @Test
  void refusesAMegabyteLine() {
    Hostile.Outcome o = connect(Script.create().send("220 " + "x".repeat(1024 * 1024) + "\r\n"), PLAIN);
    assertThat(o.smtpError()).isInstanceOf(ProtocolViolationException.class).hasMessageContaining("longer than");
  }

  @Test
  void failsTheSessionOnAnUnsolicitedReply() throws Exception {
    Script script = Script.create().greetAndEhlo("PIPELINING").pause(Duration.ofMillis(100))
        .send("250 surprise\r\n").pause(Duration.ofSeconds(2));
    Hostile.Outcome o = Hostile.run(script, PLAIN, s -> s.closeFuture().thenApply(v -> s.failure()));
    assertThat(o.value()).isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void succeedsWithRepliesDrippedJustUnderTheTimeout() {
    Script script = Script.create().drip("220 slow but fine\r\n", Duration.ofMillis(20)).expect("EHLO")
        .drip("250 test.example\r\n", Duration.ofMillis(20)).expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = connect(script, b -> b.tlsMode(TlsMode.NONE).timeouts(Timeouts.all(Duration.ofSeconds(2))));
    assertThat(o.error()).isNull();
    assertThat(o.value()).isInstanceOf(SmtpSession.class);
  }

  @Test
  void survivesOneBytePerSegmentForAWholeTransaction() {
    Script script = Script.create().drip("220 hi\r\n", Duration.ofMillis(1)).expect("EHLO")
        .drip("250-test.example\r\n250 PIPELINING\r\n", Duration.ofMillis(1))
        .expect("MAIL").expect("RCPT").expect("DATA").drip("250 ok\r\n250 ok\r\n354 go\r\n", Duration.ofMillis(1))
        .readData().drip("250 2.0.0 queued\r\n", Duration.ofMillis(1)).expect("QUIT");
    Hostile.Outcome o = send(script, PLAIN, MESSAGE.retain());
    assertThat(o.error()).isNull();
    assertThat(((SendResult) o.value()).accepted()).isTrue();
  }

  @Test
  void aReplyAfterTheTimeoutNeverReachesALaterCommand() {
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .pause(Duration.ofMillis(800)).send("250 late\r\n250 late\r\n354 late\r\n").pause(Duration.ofSeconds(1));
    Hostile.Outcome o = send(script, b -> b.tlsMode(TlsMode.NONE).timeouts(Timeouts.all(Duration.ofMillis(400))),
        MESSAGE.retain());
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpTimeoutException.class,
        e -> assertThat(e.phase()).isEqualTo(SmtpPhase.MAIL));
    assertThat(o.received()).doesNotContain("body");
  }

  // --- 421 and disconnects -----------------------------------------------------------------------

  private static Script transactionUntil(String replies) {
    return Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA").send(replies);
  }

  private static void assertTransient421(Hostile.Outcome o, SmtpPhase phase) {
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpRejectedException.class, e -> {
      assertThat(e.reply().code()).isEqualTo(421);
      assertThat(e.phase()).isEqualTo(phase);
      assertThat(e.isTransient()).isTrue();
      assertThat(e.deliveryUnknown()).isFalse();
    });
  }

  @Test
  void treats421ToMailAsTransientAndClosing() {
    assertTransient421(send(transactionUntil("421 4.3.2 shutting down\r\n"), PLAIN, MESSAGE.retain()), SmtpPhase.MAIL);
  }

  @Test
  void treats421ToRcptAsTransientAndClosing() {
    assertTransient421(send(transactionUntil("250 ok\r\n421 4.7.0 too many errors\r\n"), PLAIN, MESSAGE.retain()),
        SmtpPhase.RCPT);
  }

  @Test
  void treats421ToDataAsTransientAndClosing() {
    assertTransient421(send(transactionUntil("250 ok\r\n250 ok\r\n421 4.4.2 timeout\r\n"), PLAIN, MESSAGE.retain()),
        SmtpPhase.DATA);
  }

  @Test
  void treats421ToTheFinalDotAsTransientNotUnknown() {
    assertTransient421(send(transactionUntil("250 ok\r\n250 ok\r\n354 go\r\n").readData()
        .send("421 4.4.2 rate exceeded\r\n"), PLAIN, MESSAGE.retain()), SmtpPhase.FINAL_DOT);
  }

  @Test
  void aDisconnectAfter354IsTransientAndNotUnknown() {
    Hostile.Outcome o = send(transactionUntil("250 ok\r\n250 ok\r\n354 go\r\n").close(), PLAIN,
        Hostile.generated(8 * 1024 * 1024));
    assertThat(o.smtpError().isTransient()).isTrue();
    assertThat(o.smtpError().deliveryUnknown()).isFalse();
  }

  @Test
  void aDisconnectMidDataIsTransientAndNotUnknown() {
    Hostile.Outcome o = send(transactionUntil("250 ok\r\n250 ok\r\n354 go\r\n").pause(Duration.ofMillis(200)).close(),
        PLAIN, Hostile.generated(64 * 1024 * 1024));
    assertThat(o.smtpError()).isInstanceOf(ConnectionLostException.class);
    assertThat(o.smtpError().deliveryUnknown()).isFalse();
  }

  @Test
  void aDisconnectAfterTheFinalDotLeavesTheOutcomeUnknown() {
    Hostile.Outcome o = send(transactionUntil("250 ok\r\n250 ok\r\n354 go\r\n").readData().close(), PLAIN,
        MESSAGE.retain());
    assertThat(o.smtpError().deliveryUnknown()).isTrue();
    assertThat(o.smtpError().hint()).contains("may have been delivered");
  }

  @Test
  void timesOutWhenTheServerStopsReadingMidData() {
    Hostile.Outcome o = send(transactionUntil("250 ok\r\n250 ok\r\n354 go\r\n").stopReading()
            .pause(Duration.ofSeconds(15)),
        b -> b.tlsMode(TlsMode.NONE).timeouts(Timeouts.all(Duration.ofSeconds(1))), Hostile.generated(256L << 20));
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpTimeoutException.class,
        e -> assertThat(e.phase()).isEqualTo(SmtpPhase.DATA_CONTENT));
    assertThat(o.smtpError().deliveryUnknown()).isFalse();
  }

  @Test
  void quitCompletesWhenTheServerClosesWithout221() throws Exception {
    Script script = Script.create().greetAndEhlo().expect("QUIT").close();
    Hostile.Outcome o = Hostile.run(script, PLAIN, SmtpSession::quit);
    assertThat(o.error()).isNull();
  }

  // --- AUTH ----------------------------------------------------------------------------------------

  private static Script authOffered(String mechanisms) {
    return Script.create().greetAndEhlo("STARTTLS").expect("STARTTLS").send("220 go\r\n")
        .startTls(TestTls.server()).expect("EHLO").send("250-test.example\r\n250 AUTH " + mechanisms + "\r\n");
  }

  @Test
  void abandonsAnEndless334Exchange() {
    Script script = authOffered("LOGIN").expect("AUTH LOGIN");
    for (int i = 0; i < 12; i++) {
      script.send("334 VXNlcm5hbWU6\r\n").readLine();
    }
    Hostile.Outcome o = connect(script.send("501 cancelled\r\n"), WITH_PASSWORD);
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpAuthenticationException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_ROUNDS));
    assertThat(o.received()).contains("\r\n*\r\n");
  }

  @Test
  void cancelsOnAnInvalidBase64Challenge() {
    Hostile.Outcome o = connect(authOffered("LOGIN").expect("AUTH LOGIN").send("334 !!!not-base64!!!\r\n")
        .expect("*").send("501 cancelled\r\n"), WITH_PASSWORD);
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpAuthenticationException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_CHALLENGE));
  }

  @Test
  void answersA12KilobyteChallenge() {
    String big = Base64.getEncoder().encodeToString(new byte[9000]);
    Hostile.Outcome o = connect(authOffered("LOGIN").expect("AUTH LOGIN").send("334 " + big + "\r\n").readLine()
        .send("334 UGFzc3dvcmQ6\r\n").readLine().send("235 ok\r\n").expect("QUIT").send("221 bye\r\n"), WITH_PASSWORD);
    assertThat(o.error()).isNull();
  }

  @Test
  void picksPlainAmong63Mechanisms() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 62; i++) {
      many.append("X-MECH-").append(i).append(' ');
    }
    Hostile.Outcome o = connect(authOffered(many + "PLAIN").expect("AUTH PLAIN ").send("235 ok\r\n")
        .expect("QUIT").send("221 bye\r\n"), WITH_PASSWORD);
    assertThat(o.error()).isNull();
  }

  @Test
  void reportsRejectedCredentialsWithTheServersReplyAndAHint() {
    Hostile.Outcome o = connect(authOffered("PLAIN").expect("AUTH PLAIN")
        .send("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.\r\n")
        .expect("QUIT").send("221 bye\r\n"), WITH_PASSWORD);
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpAuthenticationException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.REJECTED);
      assertThat(e.reply().hasStatus(5, 7, 139)).isTrue();
      assertThat(e.hint()).contains("SMTP AUTH is disabled");
    });
  }

  @Test
  void neverSendsCredentialsInCleartext() {
    Hostile.Outcome o = connect(Script.create().greetAndEhlo("AUTH PLAIN LOGIN").expect("QUIT").send("221 bye\r\n"),
        b -> WITH_PASSWORD.apply(b).tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC));
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpAuthenticationException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.CLEARTEXT_REFUSED));
    assertThat(o.received()).doesNotContain("AUTH");
  }

  // --- refused before sending --------------------------------------------------------------------

  @Test
  void refusesAMessageLargerThanTheServersSizeLimitBeforeMail() {
    Hostile.Outcome o = send(Script.create().greetAndEhlo("SIZE 10").expect("QUIT"), PLAIN, MESSAGE.retain());
    assertThat(o.smtpError()).isInstanceOfSatisfying(MessageRefusedException.class,
        e -> assertThat(e.reason()).isEqualTo(MessageRefusedException.Reason.TOO_LARGE));
    assertThat(o.received()).doesNotContain("MAIL");
  }

  @Test
  void refusesEightBitContentWithout8BitMime() {
    Hostile.Outcome o = send(Script.create().greetAndEhlo().expect("QUIT"), PLAIN,
        MessageContent.of("Subject: Grüße\r\n\r\nÄ\r\n"));
    assertThat(o.smtpError()).isInstanceOfSatisfying(MessageRefusedException.class,
        e -> assertThat(e.reason()).isEqualTo(MessageRefusedException.Reason.EIGHT_BIT_NOT_SUPPORTED));
    assertThat(o.received()).doesNotContain("MAIL");
  }

  @Test
  void refusesNonAsciiAddressesWithoutSmtpUtf8() {
    Hostile.Outcome o = Hostile.run(Script.create().greetAndEhlo("8BITMIME").expect("QUIT"), PLAIN,
        s -> s.send(Envelope.of("jürgen@example.test", List.of("b@example.test")), MESSAGE.retain()));
    assertThat(o.smtpError()).isInstanceOfSatisfying(MessageRefusedException.class,
        e -> assertThat(e.reason()).isEqualTo(MessageRefusedException.Reason.SMTPUTF8_NOT_SUPPORTED));
    assertThat(o.received()).doesNotContain("MAIL");
  }
}
