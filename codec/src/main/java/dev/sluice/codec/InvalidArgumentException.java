package dev.sluice.codec;

/**
 * A command argument that must not be sent: it holds a character that could end or split the
 * command line (CR, LF, NUL, other controls, DEL), or it breaks the syntax of its field. Raised
 * before anything is written; the message names the field, the problem and the value, escaped.
 */
public final class InvalidArgumentException extends IllegalArgumentException {

  private final String field;

  public InvalidArgumentException(String field, String problem, CharSequence value) {
    super(field + " " + problem + (value == null ? "" : ": \"" + SmtpText.escape(value) + "\""));
    this.field = field;
  }

  /** The argument at fault, e.g. {@code "mail-from"}, {@code "rcpt-to"}, {@code "ehlo"}. */
  public String field() {
    return field;
  }
}
