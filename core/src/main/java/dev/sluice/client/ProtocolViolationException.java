package dev.sluice.client;

/** The server broke the protocol: a malformed reply, a reply nobody asked for, an impossible code. */
public final class ProtocolViolationException extends SmtpException {

  public ProtocolViolationException(SmtpPhase phase, String message, Throwable cause) {
    super(phase, message, "the server (or something between us) does not speak SMTP correctly; "
        + "run with --trace to see the exchange", cause);
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
