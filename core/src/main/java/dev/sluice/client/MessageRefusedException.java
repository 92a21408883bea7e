package dev.sluice.client;

/** The client refused a message before sending anything, because the server could not take it. */
public final class MessageRefusedException extends SmtpException {

  /** Why. */
  public enum Reason {
    /** Bigger than the server's SIZE limit. */
    TOO_LARGE,
    /** 8-bit content, and the server does not offer 8BITMIME. */
    EIGHT_BIT_NOT_SUPPORTED,
    /** A non-ASCII address, and the server does not offer SMTPUTF8. */
    SMTPUTF8_NOT_SUPPORTED,
    /** BINARYMIME content, and the server does not offer BINARYMIME and CHUNKING. */
    BINARYMIME_NOT_SUPPORTED,
    /** DSN parameters, and the server does not offer DSN. */
    DSN_NOT_SUPPORTED
  }

  private final Reason reason;

  public MessageRefusedException(Reason reason, String message, String hint) {
    super(SmtpPhase.MAIL, message, hint, null);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
