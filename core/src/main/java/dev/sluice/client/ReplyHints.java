package dev.sluice.client;

import dev.sluice.codec.EnhancedStatus;
import dev.sluice.codec.SmtpReply;
import java.util.Locale;

/**
 * What a rejection means and what to do about it: the hints attached to
 * {@link SmtpRejectedException} and {@link SmtpAuthenticationException}. Knows the replies users
 * meet most, Office 365's among them (their enhanced codes are documented by Microsoft).
 */
public final class ReplyHints {

  private ReplyHints() {}

  /** A one-sentence hint for {@code reply} received in {@code phase}; never null. */
  public static String hintFor(SmtpPhase phase, SmtpReply reply) {
    EnhancedStatus s = reply.enhancedStatus();
    String text = reply.text().toLowerCase(Locale.ROOT);
    int code = reply.code();
    if (s != null) {
      String specific = byStatus(code, s, text);
      if (specific != null) {
        return specific;
      }
    }
    if (code == 421) {
      return "the server is closing the connection (overloaded or shutting down); try again later";
    }
    if (code == 552 || (s != null && s.codeClass() == 5 && s.subject() == 3 && s.detail() == 4)) {
      return "the message is larger than the server accepts";
    }
    if (code == 530) {
      return "the server requires authentication: pass --user and a password or token";
    }
    if (code == 535) {
      return "the server rejected the credentials: check the user name (the full address for most providers) and the password or token";
    }
    if (code == 554 && phase == SmtpPhase.GREETING) {
      return "the server refuses this client (often a blocklist or a policy on your IP address)";
    }
    if (reply.isTransientFailure()) {
      return "a temporary failure: the same message can be tried again later";
    }
    if (phase == SmtpPhase.RCPT) {
      return "the server does not accept this recipient";
    }
    return "a permanent failure: sending the same message again will fail the same way";
  }

  private static String byStatus(int code, EnhancedStatus s, String text) {
    if (s.is(5, 7, 139)) {
      return "SMTP AUTH is disabled for this tenant or mailbox (or blocked by security defaults): "
          + "an admin must enable Authenticated SMTP for the mailbox, or use OAuth (XOAUTH2)";
    }
    if (s.is(5, 7, 3) && code == 535) {
      return "wrong credentials or an invalid/expired token: use the full user principal name and check the password or token";
    }
    if (s.is(5, 7, 30)) {
      return "basic authentication is not supported: use OAuth 2.0 (--oauth-token-env with XOAUTH2)";
    }
    if (s.is(5, 7, 57) || (s.is(5, 7, 0) && code == 530)) {
      return "the client must authenticate before sending: pass --user with a password or token";
    }
    if (s.is(5, 7, 4) && code == 504) {
      return "the server does not accept this authentication mechanism; let Sluice choose from what it offers";
    }
    if (s.is(5, 7, 60) || s.is(5, 2, 252) || text.contains("sendasdenied")) {
      return "the authenticated user may not send as this From address: use your own address or get Send As rights";
    }
    if (s.is(4, 3, 2) && code == 432) {
      return "too many concurrent connections for this mailbox: use fewer connections (Office 365 allows 3)";
    }
    if (s.is(4, 4, 2) && code == 421) {
      return "the submission rate limit was exceeded: slow down (Office 365 allows 30 messages per minute)";
    }
    if (s.is(4, 7, 66)) {
      return "the server requires a newer TLS version";
    }
    if (s.is(5, 2, 0) && text.contains("quotaexceeded")) {
      return "the daily recipient limit was reached: wait 24 hours or spread the load over mailboxes";
    }
    if (s.codeClass() == 5 && s.subject() == 1 && s.detail() == 1) {
      return "the recipient address does not exist";
    }
    if (s.codeClass() == 5 && s.subject() == 7 && s.detail() == 1) {
      return "delivery not authorised (relaying denied or a policy refused it): authenticate, or check the sender and recipient";
    }
    if (s.codeClass() == 4 && s.subject() == 5 && s.detail() == 3 || code == 452) {
      return "too many recipients for one message: the rest can be sent in another transaction";
    }
    return null;
  }
}
