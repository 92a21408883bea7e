package dev.sluice.client;

/**
 * The connection ended while something was still pending: closed by the server (421, or without a
 * word), by a failure elsewhere in the session, or by {@link SmtpSession#close()}.
 */
public final class ConnectionLostException extends SmtpException {

  private final boolean deliveryUnknown;

  public ConnectionLostException(SmtpPhase phase, String message, boolean deliveryUnknown, Throwable cause) {
    super(phase, message, deliveryUnknown
        ? "the message was sent completely but not confirmed: it may have been delivered; check before resending"
        : "the message was not accepted; it can be sent again", cause);
    this.deliveryUnknown = deliveryUnknown;
  }

  @Override
  public boolean isTransient() {
    return true;
  }

  @Override
  public boolean deliveryUnknown() {
    return deliveryUnknown;
  }
}
