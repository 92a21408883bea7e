package dev.sluice.client;

import static dev.sluice.client.Office365Sink.PASSWORD;
import static dev.sluice.client.Office365Sink.TOKEN;
import static dev.sluice.client.Office365Sink.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.client.ReplyAdvice.Retry;
import dev.sluice.codec.EhloCapabilities;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.SmtpSinkBuilder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The Office 365 preset against the sink emulating Office 365: LOGIN or XOAUTH2 after TLS, one
 * token refresh after a 535, and each of Office 365's error replies reaching the user as a typed
 * error with its hint and the right retry decision.
 */
class Office365Test {

  private static final Credentials WITH_PASSWORD = Credentials.password(USER, PASSWORD);
  private static final Credentials WITH_TOKEN = Credentials.oauth(USER, TokenSource.of(TOKEN));
  private static final Envelope ENVELOPE = Envelope.of(USER, "you@example.test");

  /** Connects with the preset and sends one message; returns how it failed (null: it did not). */
  private static SmtpException sendError(SmtpSinkBuilder sink, Credentials credentials) throws Exception {
    try (SmtpSink s = sink.start(); SmtpClient c = SmtpClient.create(Office365Sink.client(s, credentials).build())) {
      Throwable error = catchThrowable(() -> {
        SmtpSession session = c.connect().join();
        try {
          session.send(ENVELOPE, MessageContent.of("Subject: o365\r\n\r\nhello\r\n")).join();
        } finally {
          session.quit().join();
        }
      });
      return error == null ? null : (SmtpException) Futures.unwrap(error);
    }
  }

  private static void assertAdvice(SmtpException error, Retry retry, String hint) {
    assertThat(error.hint()).contains(hint);
    assertThat(ReplyHints.adviceFor(error).retry()).isEqualTo(retry);
  }

  @Test
  void thePresetIsSubmissionWithStartTlsAndNoPlain() {
    SmtpClientConfig password = Office365.config(WITH_PASSWORD).build();
    SmtpClientConfig token = Office365.config(WITH_TOKEN).build();

    assertThat(password.host()).isEqualTo("smtp.office365.com");
    assertThat(password.port()).isEqualTo(587);
    assertThat(password.tlsMode()).isEqualTo(TlsMode.STARTTLS_REQUIRED);
    assertThat(password.authMechanisms()).containsExactly("LOGIN");
    assertThat(token.authMechanisms()).containsExactly("XOAUTH2");
  }

  @Test
  void offersOnlyLoginAndXoauth2AndOnlyAfterTls() throws Exception {
    List<String> ehlo = new CopyOnWriteArrayList<>();
    SetupListener listener = new SetupListener() {
      @Override
      public void ehlo(EhloCapabilities capabilities, boolean tls) {
        ehlo.add((tls ? "tls " : "cleartext ") + capabilities.authMechanisms());
      }
    };
    try (SmtpSink s = Office365Sink.builder().start();
         SmtpClient c = SmtpClient.create(Office365Sink.client(s, WITH_TOKEN).build())) {
      SmtpSession session = c.connect(listener).join();
      session.quit().join();

      assertThat(ehlo).containsExactly("cleartext []", "tls [LOGIN, XOAUTH2]");
      assertThat(session.info().authMechanism()).isEqualTo("XOAUTH2");
    }
  }

  @Test
  void sendsWithLoginForAPassword() throws Exception {
    try (SmtpSink s = Office365Sink.builder().start();
         SmtpClient c = SmtpClient.create(Office365Sink.client(s, WITH_PASSWORD).build())) {
      SmtpSession session = c.connect().join();
      session.send(ENVELOPE, MessageContent.of("Subject: o365\r\n\r\nhello\r\n")).join();
      session.quit().join();

      assertThat(session.info().authMechanism()).isEqualTo("LOGIN");
      assertThat(s.messages()).hasSize(1);
    }
  }

  @Test
  void refreshesAStaleTokenOnceAfter535AndSucceeds() throws Exception {
    List<Boolean> asked = new CopyOnWriteArrayList<>();
    Credentials stale = Credentials.oauth(USER, refresh -> {
      asked.add(refresh);
      return refresh ? TOKEN : "expired-token";
    });
    assertThat(sendError(Office365Sink.builder(), stale)).isNull();
    assertThat(asked).containsExactly(false, true);
  }

  @Test
  void reRunsTheTokenCommandWithTheRefreshFlagAfter535() throws Exception {
    TokenSource command = TokenSource.command(List.of("sh", "-c",
        "if [ \"$SLUICE_TOKEN_REFRESH\" = 1 ]; then echo '" + TOKEN + "'; else echo expired-token; fi"));
    assertThat(sendError(Office365Sink.builder(), Credentials.oauth(USER, command))).isNull();
  }

  @Test
  void givesUpAfterOneRefreshWhenTheTokenStaysBad() throws Exception {
    List<Boolean> asked = new CopyOnWriteArrayList<>();
    Credentials bad = Credentials.oauth(USER, refresh -> {
      asked.add(refresh);
      return "never-valid";
    });
    SmtpException e = sendError(Office365Sink.builder(), bad);

    assertThat(e).isInstanceOf(SmtpAuthenticationException.class);
    assertThat(asked).containsExactly(false, true);
  }

  @Test
  void explainsSmtpAuthDisabledForTheTenantWithoutRetrying() throws Exception {
    SmtpException e = sendError(Office365Sink.builder().fault("auth:535 5.7.139 Authentication unsuccessful, "
        + "SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled"), WITH_PASSWORD);
    assertThat(e).isInstanceOf(SmtpAuthenticationException.class);
    assertAdvice(e, Retry.NEVER, "SMTP AUTH is disabled for the whole tenant");
  }

  @Test
  void smtpAuthDisabledWithATokenIsRefreshedOnceThenExplained() throws Exception {
    SmtpException e = sendError(Office365Sink.builder().fault("auth:535 5.7.139 Authentication unsuccessful, "
        + "SmtpClientAuthentication is disabled for the Mailbox."), WITH_TOKEN);
    assertThat(e).isInstanceOf(SmtpAuthenticationException.class);
    assertAdvice(e, Retry.NEVER, "SMTP AUTH is disabled for this mailbox");
  }

  @Test
  void explainsBadCredentialsWithTheUserPrincipalName() throws Exception {
    SmtpException e = sendError(Office365Sink.builder().fault("auth:535 5.7.3 Authentication unsuccessful"),
        WITH_PASSWORD);
    assertThat(e).isInstanceOf(SmtpAuthenticationException.class);
    assertAdvice(e, Retry.NEVER, "user principal name");
  }

  @Test
  void explainsAnUnacceptedMechanism() throws Exception {
    SmtpException e = sendError(Office365Sink.builder().fault("auth:504 5.7.4 Unrecognized authentication type"),
        WITH_PASSWORD);
    assertThat(e).isInstanceOf(SmtpAuthenticationException.class);
    assertAdvice(e, Retry.NEVER, "never PLAIN");
  }

  @Test
  void pointsToXoauth2WhenBasicAuthenticationIsNotSupported() throws Exception {
    SmtpException e = sendError(Office365Sink.builder()
        .fault("auth:550 5.7.30 Basic authentication is not supported for Client Submission."), WITH_PASSWORD);
    assertThat(e).isInstanceOf(SmtpAuthenticationException.class);
    assertAdvice(e, Retry.NEVER, "XOAUTH2");
  }

  @Test
  void explainsNotAuthenticatedAtMail() throws Exception {
    SmtpException e = sendError(Office365Sink.builder()
        .fault("mail:530 5.7.57 Client not authenticated to send mail. Error: 535 5.7.139"), WITH_TOKEN);
    assertThat(e).isInstanceOf(SmtpRejectedException.class);
    assertAdvice(e, Retry.NEVER, "must authenticate");
  }

  @Test
  void explainsAMissingSendAsRightAtMail() throws Exception {
    SmtpException e = sendError(Office365Sink.builder()
        .fault("mail:550 5.7.60 SMTP; Client does not have permissions to send as this sender"), WITH_TOKEN);
    assertAdvice(e, Retry.NEVER, "may not send as this From address");
  }

  @Test
  void explainsSendAsDeniedAtTheEndOfData() throws Exception {
    SmtpException e = sendError(Office365Sink.builder().fault("data-end:554 5.2.252 SendAsDenied; me@contoso.test not "
        + "allowed to send as boss@contoso.test; STOREDRV.Submission.Exception:SendAsDeniedException"), WITH_TOKEN);
    assertAdvice(e, Retry.NEVER, "Send As");
  }

  @Test
  void retriesTheConcurrentConnectionLimitSlower() throws Exception {
    SmtpException e = sendError(Office365Sink.builder()
        .fault("data-end:432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded"), WITH_TOKEN);
    assertThat(e.isTransient()).isTrue();
    assertAdvice(e, Retry.SLOWER, "concurrent connections");
  }

  @Test
  void retriesTheSubmissionRateLimitSlower() throws Exception {
    SmtpException e = sendError(Office365Sink.builder()
        .fault("mail:421 4.4.2 Message submission rate for this client has exceeded the configured limit"), WITH_TOKEN);
    assertThat(e.isTransient()).isTrue();
    assertAdvice(e, Retry.SLOWER, "slow down");
  }

  @Test
  void neverRetriesATlsVersionTooOld() throws Exception {
    SmtpException e = sendError(Office365Sink.builder().fault("mail:421 4.7.66 TLS 1.0 and 1.1 are not supported. "
        + "Please upgrade/update your client to support TLS 1.2."), WITH_TOKEN);
    assertAdvice(e, Retry.NEVER, "TLS 1.2 or later");
  }

  @Test
  void neverRetriesTheDailyRecipientQuota() throws Exception {
    SmtpException e = sendError(Office365Sink.builder().fault("data-end:554 5.2.0 "
        + "STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message"), WITH_TOKEN);
    assertAdvice(e, Retry.NEVER, "daily recipient limit");
  }
}
