package dev.sluice.dkim;

/**
 * Why a key could not be used or a message could not be signed. The message says what was wrong
 * and what to do; {@link #problem()} says which kind of problem it was, for code.
 */
public final class DkimException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The kinds of problem. */
  public enum Problem {
    /** A key file that cannot be read or is not a supported private key. */
    BAD_KEY,
    /** A key table line that cannot be understood. */
    BAD_KEY_TABLE,
    /** The From domain has no key in the key table. */
    NO_KEY_FOR_DOMAIN,
    /** The message has no From header (RFC 6376 §5.4: From must be signed). */
    NO_FROM,
    /** The message has several From headers: which one a receiver shows is not defined. */
    SEVERAL_FROM,
    /** A From header with no address whose domain can be found. */
    BAD_FROM,
    /** A header line longer than 998 octets (RFC 5322 §2.1.1); relays may fold it and break the signature. */
    LINE_TOO_LONG,
    /** The header block is not a sequence of header fields. */
    MALFORMED_HEADER,
    /** The header block is larger than the signer accepts. */
    HEADER_TOO_LARGE,
    /** The message could not be read. */
    UNREADABLE
  }

  private final Problem problem;

  public DkimException(Problem problem, String message) {
    super(message);
    this.problem = problem;
  }

  public DkimException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
