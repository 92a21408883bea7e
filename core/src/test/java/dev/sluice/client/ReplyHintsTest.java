package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.ReplyAdvice.Retry;
import dev.sluice.codec.SmtpReply;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every reply the issue names, with Office 365's own texts: the hint says what to do, and the retry
 * decision matches it (the bulk sender never retries what cannot heal, and waits out a limit).
 */
class ReplyHintsTest {

  private static ReplyAdvice advice(SmtpPhase phase, int code, String text) {
    return ReplyHints.adviceFor(phase, SmtpReply.of(code, text));
  }

  @Test
  void smtpAuthDisabledForTheTenantIsPermanentAndNamesTheSwitch() {
    ReplyAdvice a = advice(SmtpPhase.AUTH, 535,
        "5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.");
    assertThat(a.retry()).isEqualTo(Retry.NEVER);
    assertThat(a.hint()).contains("SMTP AUTH is disabled for the whole tenant").contains("XOAUTH2 needs too");
  }

  @Test
  void smtpAuthDisabledForTheMailboxSaysSo() {
    ReplyAdvice a = advice(SmtpPhase.AUTH, 535,
        "5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.");
    assertThat(a.retry()).isEqualTo(Retry.NEVER);
    assertThat(a.hint()).contains("SMTP AUTH is disabled for this mailbox");
  }

  @Test
  void securityDefaultsBlockingTheAccountAreNamed() {
    ReplyAdvice a = advice(SmtpPhase.AUTH, 535, "5.7.139 Authentication unsuccessful, user is locked by your "
        + "organization's security defaults policy. Contact your administrator.");
    assertThat(a.retry()).isEqualTo(Retry.NEVER);
    assertThat(a.hint()).contains("security defaults");
  }

  @Test
  void badCredentialsOrTokenArePermanentAndPointAtTheUpnAndTheToken() {
    ReplyAdvice a = advice(SmtpPhase.AUTH, 535, "5.7.3 Authentication unsuccessful");
    assertThat(a.retry()).isEqualTo(Retry.NEVER);
    assertThat(a.hint()).contains("user principal name").contains("token").contains("SMTP.Send");
  }

  @Test
  void anUnacceptedMechanismSaysOffice365OffersNoPlain() {
    ReplyAdvice a = advice(SmtpPhase.AUTH, 504, "5.7.4 Unrecognized authentication type");
    assertThat(a.retry()).isEqualTo(Retry.NEVER);
    assertThat(a.hint()).contains("LOGIN and XOAUTH2, never PLAIN");
  }

  @Test
  void notAuthenticatedAsksForCredentials() {
    ReplyAdvice a = advice(SmtpPhase.MAIL, 530, "5.7.57 Client not authenticated to send mail. Error: 535 5.7.139");
    assertThat(a.retry()).isEqualTo(Retry.NEVER);
    assertThat(a.hint()).contains("must authenticate").contains("--oauth-token");
  }

  @Test
  void noSendAsRightAtMailIsPermanent() {
    ReplyAdvice a = advice(SmtpPhase.MAIL, 550, "5.7.60 SMTP; Client does not have permissions to send as this sender");
    assertThat(a.retry()).isEqualTo(Retry.NEVER);
    assertThat(a.hint()).contains("may not send as this From address");
  }

  @Test
  void sendAsDeniedAtTheEndOfDataIsPermanent() {
    ReplyAdvice a = advice(SmtpPhase.FINAL_DOT, 554, "5.2.252 SendAsDenied; me@contoso.com not allowed to send as "
        + "boss@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied");
    assertThat(a.retry()).isEqualTo(Retry.NEVER);
    assertThat(a.hint()).contains("Send As");
  }

  @Test
  void basicAuthenticationNotSupportedPointsToXoauth2() {
    ReplyAdvice a = advice(SmtpPhase.AUTH, 550, "5.7.30 Basic authentication is not supported for Client Submission.");
    assertThat(a.retry()).isEqualTo(Retry.NEVER);
    assertThat(a.hint()).contains("XOAUTH2").contains("--oauth-token-command");
  }

  @Test
  void theConcurrentConnectionLimitIsRetriedSlower() {
    ReplyAdvice a = advice(SmtpPhase.FINAL_DOT, 432, "4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded");
    assertThat(a.retry()).isEqualTo(Retry.SLOWER);
    assertThat(a.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(a.hint()).contains("concurrent connections").contains("3");
  }

  @Test
  void theSubmissionRateLimitIsRetriedAfterAMinute() {
    ReplyAdvice a = advice(SmtpPhase.MAIL, 421,
        "4.4.2 Message submission rate for this client has exceeded the configured limit");
    assertThat(a.retry()).isEqualTo(Retry.SLOWER);
    assertThat(a.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(a.hint()).contains("slow down").contains("30 messages a minute");
  }

  @Test
  void aGeneric421TimeoutIsNotMistakenForTheRateLimit() {
    ReplyAdvice a = advice(SmtpPhase.MAIL, 421, "4.4.2 mx.example.test Error: timeout exceeded");
    assertThat(a.retry()).isEqualTo(Retry.LATER);
    assertThat(a.hint()).doesNotContain("30 messages");
  }

  @Test
  void aTlsVersionTooOldIsNotRetriedThoughItIsA4xx() {
    ReplyAdvice a = advice(SmtpPhase.MAIL, 421, "4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update "
        + "your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls.");
    assertThat(a.retry()).isEqualTo(Retry.NEVER);
    assertThat(a.hint()).contains("TLS 1.2");
  }

  @Test
  void theDailyRecipientQuotaIsNotRetried() {
    ReplyAdvice a = advice(SmtpPhase.FINAL_DOT, 554, "5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; "
        + "Failed to process message due to a permanent exception with message [BeginDiagnosticData]");
    assertThat(a.retry()).isEqualTo(Retry.NEVER);
    assertThat(a.hint()).contains("daily recipient limit").contains("24 hours");
  }

  @Test
  void anOrdinaryTransientFailureIsRetriedWithTheUsualBackoff() {
    ReplyAdvice a = advice(SmtpPhase.RCPT, 451, "4.3.0 try again later");
    assertThat(a.retry()).isEqualTo(Retry.LATER);
    assertThat(a.retryAfter()).isZero();
  }

  @Test
  void anOrdinaryPermanentFailureIsNotRetried() {
    assertThat(advice(SmtpPhase.RCPT, 550, "5.1.1 no such user").retry()).isEqualTo(Retry.NEVER);
    assertThat(advice(SmtpPhase.DATA, 554, "transaction failed").retry()).isEqualTo(Retry.NEVER);
  }

  @Test
  void theHintOfAnExceptionIsTheHintOfItsAdvice() {
    SmtpReply reply = SmtpReply.of(550, "5.7.60 SMTP; Client does not have permissions to send as this sender");
    SmtpRejectedException e = new SmtpRejectedException(SmtpPhase.MAIL, "MAIL FROM:<boss@contoso.com>", reply, null);
    assertThat(e.hint()).isEqualTo(ReplyHints.adviceFor(e).hint());
    assertThat(ReplyHints.adviceFor(new SmtpTimeoutException(SmtpPhase.MAIL, Duration.ofSeconds(1), false))).isNull();
  }
}
