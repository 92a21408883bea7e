package dev.sluice.client;

import dev.sluice.codec.EnhancedStatus;
import dev.sluice.codec.SmtpReply;
import java.time.Duration;
import java.util.Locale;

/**
 * What a rejection means and what to do about it: the hints attached to
 * {@link SmtpRejectedException} and {@link SmtpAuthenticationException}, and the retry decisions
 * of the bulk sender ({@link ReplyAdvice}). Knows the replies users meet most, Office 365's among
 * them: their enhanced codes and texts are documented by Microsoft ("Fix issues with SMTP AUTH
 * client submission", "Exchange Online limits"), and some of them are 4xx codes that retrying
 * cannot fix (or 4xx codes that only a slower sender can).
 */
public final class ReplyHints {

  /** Office 365 counts messages per mailbox per minute: an earlier retry meets the same limit. */
  static final Duration RATE_LIMIT_WAIT = Duration.ofSeconds(60);
  /** A connection of the same mailbox has to end first; they are short-lived. */
  static final Duration CONNECTION_LIMIT_WAIT = Duration.ofSeconds(30);

  private ReplyHints() {}

  /** A one-sentence hint for {@code reply} received in {@code phase}; never null. */
  public static String hintFor(SmtpPhase phase, SmtpReply reply) {
    return adviceFor(phase, reply).hint();
  }

  /** The advice for the reply carried by {@code error}, or null when it carries none. */
  public static ReplyAdvice adviceFor(SmtpException error) {
    if (error instanceof SmtpRejectedException r) {
      return adviceFor(r.phase(), r.reply());
    }
    if (error instanceof SmtpAuthenticationException a && a.reply() != null) {
      return adviceFor(SmtpPhase.AUTH, a.reply());
    }
    return null;
  }

  /** What the 4xx/5xx {@code reply} received in {@code phase} means; never null. */
  public static ReplyAdvice adviceFor(SmtpPhase phase, SmtpReply reply) {
    EnhancedStatus s = reply.enhancedStatus();
    String text = reply.text().toLowerCase(Locale.ROOT);
    int code = reply.code();
    if (s != null) {
      ReplyAdvice specific = office365(code, s, text);
      if (specific == null) {
        specific = byStatus(code, s);
      }
      if (specific != null) {
        return specific;
      }
    }
    return byCode(phase, reply);
  }

  /** The replies of Office 365 (and Exchange) client submission. */
  private static ReplyAdvice office365(int code, EnhancedStatus s, String text) {
    if (s.is(5, 7, 139)) {
      return ReplyAdvice.never(authDisabled(text));
    }
    if (s.is(5, 7, 3) && code == 535) {
      return ReplyAdvice.never("wrong credentials or an invalid/expired token: use the full user principal name "
          + "(user@tenant.example) and check the password, or the token's expiry and scope "
          + "(Office 365: https://outlook.office.com/SMTP.Send); a password fails for accounts with MFA");
    }
    if (s.is(5, 7, 30)) {
      return ReplyAdvice.never("basic authentication (a password) is not supported here: use OAuth 2.0 with XOAUTH2 "
          + "(--oauth-token-env, --oauth-token-file or --oauth-token-command)");
    }
    if (s.is(5, 7, 57) || (s.is(5, 7, 0) && code == 530)) {
      return ReplyAdvice.never("the client must authenticate before sending: pass --user with an OAuth token "
          + "(--oauth-token-*) or a password");
    }
    if (s.is(5, 7, 4) && code == 504) {
      return ReplyAdvice.never("the server does not accept this authentication mechanism (Office 365 offers LOGIN and "
          + "XOAUTH2, never PLAIN): let Sluice choose from what the server offers, or name one with --auth-mech");
    }
    if (s.is(5, 7, 60) || s.is(5, 2, 252) || text.contains("sendasdenied")) {
      return ReplyAdvice.never("the authenticated user may not send as this From address: send from the user's own "
          + "address, or have an admin grant Send As rights for it");
    }
    if (s.is(4, 3, 2) && (code == 432 || text.contains("concurrent") || text.contains("thread limit"))) {
      return ReplyAdvice.slower(CONNECTION_LIMIT_WAIT, "too many concurrent connections for this mailbox "
          + "(Office 365 allows 3): use fewer connections; try again when one has ended");
    }
    if (s.is(4, 4, 2) && code == 421 && (text.contains("rate") || text.contains("limit"))) {
      return ReplyAdvice.slower(RATE_LIMIT_WAIT, "the submission rate limit was exceeded (Office 365 allows 30 "
          + "messages a minute per mailbox): slow down and try again after a minute");
    }
    if (s.is(4, 7, 66)) {
      return ReplyAdvice.never("the server refuses this TLS version (Office 365 requires TLS 1.2 or later): Sluice "
          + "offers only TLS 1.2 and 1.3, so check for a proxy in between or the JVM's jdk.tls settings");
    }
    if (s.is(5, 2, 0) && text.contains("quotaexceeded")) {
      return ReplyAdvice.never("the mailbox's daily recipient limit was reached (Office 365: 10,000 recipients a "
          + "day): wait up to 24 hours or spread the load over several mailboxes");
    }
    return null;
  }

  /** 5.7.139 comes with a text saying which switch is off; say which one to turn. */
  private static String authDisabled(String text) {
    String xoauth2 = ", which XOAUTH2 needs too";
    if (text.contains("security defaults")) {
      return "the account is blocked by the tenant's security defaults, which switch SMTP AUTH off: an admin must "
          + "turn them off (or exempt the account with conditional access) and enable SMTP AUTH for the mailbox";
    }
    if (text.contains("basic authentication")) {
      return "basic authentication (a password) is switched off for this tenant: use OAuth 2.0 with XOAUTH2 "
          + "(--oauth-token-env, --oauth-token-file or --oauth-token-command)";
    }
    if (text.contains("tenant")) {
      return "SMTP AUTH is disabled for the whole tenant: an admin must enable it for the tenant or for this mailbox"
          + xoauth2;
    }
    if (text.contains("mailbox")) {
      return "SMTP AUTH is disabled for this mailbox: an admin must enable Authenticated SMTP for it" + xoauth2;
    }
    return "SMTP AUTH is disabled for this tenant or mailbox, or blocked by security defaults or conditional access: "
        + "an admin must enable Authenticated SMTP for the mailbox" + xoauth2 + ", and check the account is not locked";
  }

  /** Standard enhanced codes (RFC 3463) whose meaning does not depend on the server. */
  private static ReplyAdvice byStatus(int code, EnhancedStatus s) {
    if (code == 552 || s.is(5, 3, 4)) {
      return ReplyAdvice.never("the message is larger than the server accepts");
    }
    if (s.is(5, 1, 1)) {
      return ReplyAdvice.never("the recipient address does not exist");
    }
    if (s.is(5, 7, 1)) {
      return ReplyAdvice.never("delivery not authorised (relaying denied or a policy refused it): authenticate, "
          + "or check the sender and recipient");
    }
    if (s.is(4, 5, 3) || code == 452) {
      return ReplyAdvice.later("too many recipients for one message: the rest can be sent in another transaction");
    }
    return null;
  }

  private static ReplyAdvice byCode(SmtpPhase phase, SmtpReply reply) {
    int code = reply.code();
    if (code == 421) {
      return ReplyAdvice.later("the server is closing the connection (overloaded or shutting down); try again later");
    }
    if (code == 552) {
      return ReplyAdvice.never("the message is larger than the server accepts");
    }
    if (code == 530) {
      return ReplyAdvice.never("the server requires authentication: pass --user and a password or token");
    }
    if (code == 535) {
      return ReplyAdvice.never("the server rejected the credentials: check the user name (the full address for most "
          + "providers) and the password or token");
    }
    if (code == 554 && phase == SmtpPhase.GREETING) {
      return ReplyAdvice.never("the server refuses this client (often a blocklist or a policy on your IP address)");
    }
    if (reply.isTransientFailure()) {
      return ReplyAdvice.later("a temporary failure: the same message can be tried again later");
    }
    if (phase == SmtpPhase.RCPT) {
      return ReplyAdvice.never("the server does not accept this recipient");
    }
    return ReplyAdvice.never("a permanent failure: sending the same message again will fail the same way");
  }
}
