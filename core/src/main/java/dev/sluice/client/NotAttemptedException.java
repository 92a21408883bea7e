package dev.sluice.client;

/**
 * The message was never started: it waited behind others on a connection that failed for a reason
 * of its own (another message refused, the server closing). Nothing of it was sent, so it can go
 * again on another connection at once; the bulk sender does that without counting an attempt.
 */
public final class NotAttemptedException extends SmtpException {

  public NotAttemptedException(SmtpException cause) {
    super(SmtpPhase.MAIL, "not attempted: the connection it waited on failed (" + cause.getMessage() + ")",
        "nothing of the message was sent; send it again on another connection", cause);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
