package dev.sluice.route.sts;

/** An MTA-STS policy could not be had; {@link #kind()} maps to an RFC 8460 result type. */
public final class StsException extends RuntimeException {

  /** What went wrong. */
  public enum Kind {
    /** The HTTPS fetch failed (connection, status, redirect, content type, size, time). */
    FETCH_ERROR,
    /** The policy server's certificate did not pass (RFC 8460 {@code sts-webpki-invalid}). */
    WEBPKI_INVALID,
    /** The body is not a valid policy. */
    POLICY_INVALID
  }

  private final Kind kind;

  public StsException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public StsException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
