package dev.sluice.client;

/**
 * Every failure the client reports. Each says which phase it happened in, whether trying again
 * later could help, and what to do about it ({@link #hint()}).
 */
public abstract class SmtpException extends RuntimeException {

  private final SmtpPhase phase;
  private final String hint;

  protected SmtpException(SmtpPhase phase, String message, String hint, Throwable cause) {
    super(message, cause);
    this.phase = phase;
    this.hint = hint;
  }

  /** Where in the session it happened. */
  public SmtpPhase phase() {
    return phase;
  }

  /** What to do about it, in one sentence; may be empty. */
  public String hint() {
    return hint == null ? "" : hint;
  }

  /** True when the same attempt may succeed later (4xx replies, lost connections, timeouts). */
  public abstract boolean isTransient();

  /**
   * True when the whole message had been sent (final dot or BDAT LAST written) but the reply never
   * came: the server may have accepted it. A sender must not resend it blindly (duplicates).
   */
  public boolean deliveryUnknown() {
    return false;
  }

  /** The message, then the hint on its own line when there is one. */
  public String describe() {
    return hint().isEmpty() ? getMessage() : getMessage() + "\nhint: " + hint();
  }
}
