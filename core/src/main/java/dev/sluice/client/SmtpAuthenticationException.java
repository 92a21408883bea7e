package dev.sluice.client;

import dev.sluice.codec.SmtpReply;

/** Authentication failed or could not be attempted safely. */
public final class SmtpAuthenticationException extends SmtpException {

  /** Why. */
  public enum Reason {
    /** The server rejected the credentials (535 and friends). */
    REJECTED,
    /** No configured mechanism is offered by the server. */
    NO_COMMON_MECHANISM,
    /** The server offers AUTH only where it would travel in cleartext. */
    CLEARTEXT_REFUSED,
    /** The exchange went on longer than any mechanism needs. */
    TOO_MANY_ROUNDS,
    /** The token source could not supply an OAuth token. */
    TOKEN_UNAVAILABLE,
    /** The server's challenge could not be understood. */
    BAD_CHALLENGE
  }

  private final Reason reason;
  private final String mechanism;
  private final SmtpReply reply;

  public SmtpAuthenticationException(Reason reason, String mechanism, SmtpReply reply, String message, String hint,
      Throwable cause) {
    super(SmtpPhase.AUTH, message, hint, cause);
    this.reason = reason;
    this.mechanism = mechanism;
    this.reply = reply;
  }

  public Reason reason() {
    return reason;
  }

  /** The SASL mechanism tried; null if none was. */
  public String mechanism() {
    return mechanism;
  }

  /** The server's reply, if one caused this. */
  public SmtpReply reply() {
    return reply;
  }

  @Override
  public boolean isTransient() {
    return reply != null && reply.isTransientFailure();
  }
}
