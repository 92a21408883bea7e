package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sink.tls.CertificateBuilder;
import dev.sluice.sink.tls.CertifiedKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthTest {

  private static final CertifiedKey KEY = CertificateBuilder.forHosts("localhost", "127.0.0.1").selfSigned();
  private static final String USER = "user@example.test";

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static SmtpSinkBuilder startTls() {
    return SmtpSink.builder().tls(TlsMode.STARTTLS).certificate(KEY).user(USER, "secret");
  }

  /** Greeting, EHLO, STARTTLS, handshake; returns the EHLO reply over TLS. */
  private static RawClient.Reply overTls(RawClient c) throws Exception {
    c.hello();
    c.command("STARTTLS");
    c.startTls(KEY);
    return c.command("EHLO c.test");
  }

  @Test
  void offersAndAcceptsAuthOnlyAfterTls() throws Exception {
    try (SmtpSink sink = startTls().start(); RawClient c = RawClient.connect(sink)) {
      assertThat(c.hello().lines()).noneMatch(l -> l.startsWith("AUTH"));
      assertThat(c.command("AUTH PLAIN " + b64("\0" + USER + "\0secret")).toString())
          .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
      c.command("STARTTLS");
      c.startTls(KEY);
      assertThat(c.command("EHLO c.test").lines()).contains("AUTH PLAIN LOGIN");
    }
  }

  @Test
  void authenticatesWithPlainAndRecordsTheUser() throws Exception {
    try (SmtpSink sink = startTls().start(); RawClient c = RawClient.connect(sink)) {
      overTls(c);
      assertThat(c.command("AUTH PLAIN " + b64("\0" + USER + "\0secret")).toString())
          .isEqualTo("235 2.7.0 Authentication successful");
      assertThat(c.command("AUTH PLAIN " + b64("\0" + USER + "\0secret")).code()).isEqualTo(503);
      Transactions.sendMessage(c);
      assertThat(sink.awaitMessages(1, Duration.ofSeconds(5)).get(0).authenticatedUser()).isEqualTo(USER);
      assertThat(sink.counters().authSuccesses()).isEqualTo(1);
    }
  }

  @Test
  void authenticatesWithLoginInTwoSteps() throws Exception {
    try (SmtpSink sink = startTls().start(); RawClient c = RawClient.connect(sink)) {
      overTls(c);
      assertThat(c.command("AUTH LOGIN").toString()).isEqualTo("334 " + b64("Username:"));
      assertThat(c.command(b64(USER)).toString()).isEqualTo("334 " + b64("Password:"));
      assertThat(c.command(b64("secret")).code()).isEqualTo(235);
    }
  }

  @Test
  void refusesAWrongPasswordAndCountsIt() throws Exception {
    try (SmtpSink sink = startTls().start(); RawClient c = RawClient.connect(sink)) {
      overTls(c);
      assertThat(c.command("AUTH PLAIN").toString()).isEqualTo("334 ");
      assertThat(c.command(b64("\0" + USER + "\0wrong")).toString()).isEqualTo("535 5.7.8 Error: authentication failed");
      assertThat(sink.counters().authFailures()).isEqualTo(1);
      assertThat(c.command("NOOP").code()).isEqualTo(250);
    }
  }

  @Test
  void answersCancelledMalformedAndUnknownAuth() throws Exception {
    try (SmtpSink sink = startTls().start(); RawClient c = RawClient.connect(sink)) {
      overTls(c);
      c.command("AUTH LOGIN");
      assertThat(c.command("*").toString()).isEqualTo("501 5.7.0 Authentication aborted");
      c.command("AUTH LOGIN");
      assertThat(c.command("not base64!").toString()).isEqualTo("501 5.5.2 Error: invalid base64 data");
      assertThat(c.command("AUTH CRAM-MD5").toString()).isEqualTo("504 5.5.4 Unrecognized authentication type");
      assertThat(c.command("AUTH").toString()).isEqualTo("501 5.5.4 Syntax: AUTH mechanism [initial-response]");
    }
  }

  @Test
  void requiresAuthBeforeMailWhenConfiguredTo() throws Exception {
    try (SmtpSink sink = startTls().requireAuth(true).start(); RawClient c = RawClient.connect(sink)) {
      overTls(c);
      assertThat(c.command("MAIL FROM:<a@example.test>").toString()).isEqualTo("530 5.7.0 Authentication required");
      c.command("AUTH PLAIN " + b64("\0" + USER + "\0secret"));
      assertThat(c.command("MAIL FROM:<a@example.test>").code()).isEqualTo(250);
    }
  }

  @Test
  void emulatesOffice365WithLoginAndXoauth2Only() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().tls(TlsMode.STARTTLS).certificate(KEY)
        .authMechanisms(AuthMechanism.LOGIN, AuthMechanism.XOAUTH2).user(USER, "secret").token(USER, "ya29.good")
        .start(); RawClient c = RawClient.connect(sink)) {
      assertThat(overTls(c).lines()).contains("AUTH LOGIN XOAUTH2");
      assertThat(c.command("AUTH PLAIN " + b64("\0" + USER + "\0secret")).code()).isEqualTo(504);
      RawClient.Reply bad = c.command("AUTH XOAUTH2 " + b64("user=" + USER + "\u0001auth=Bearer expired\u0001\u0001"));
      assertThat(bad.code()).isEqualTo(334);
      assertThat(new String(Base64.getDecoder().decode(bad.text()), StandardCharsets.UTF_8)).contains("401");
      assertThat(c.command("").code()).isEqualTo(535);
      assertThat(c.command("AUTH XOAUTH2 " + b64("user=" + USER + "\u0001auth=Bearer ya29.good\u0001\u0001")).code())
          .isEqualTo(235);
    }
  }

  @Test
  void offersAuthInCleartextWhenTheSinkDoesNoTls() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().user(USER, "secret").start(); RawClient c = RawClient.connect(sink)) {
      assertThat(c.hello().lines()).contains("AUTH PLAIN LOGIN");
      assertThat(c.command("AUTH PLAIN " + b64("\0" + USER + "\0secret")).code()).isEqualTo(235);
    }
  }

  @Test
  void offersAuthBeforeTlsWhenToldTo() throws Exception {
    try (SmtpSink sink = startTls().authOnlyAfterTls(false).start(); RawClient c = RawClient.connect(sink)) {
      assertThat(c.hello().lines()).contains("STARTTLS", "AUTH PLAIN LOGIN");
    }
  }

  @Test
  void wantsEhloBeforeAuth() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().user(USER, "secret").start(); RawClient c = RawClient.connect(sink)) {
      c.reply();
      assertThat(c.command("AUTH PLAIN " + b64("\0" + USER + "\0secret")).code()).isEqualTo(503);
    }
  }
}
