package dev.sluice.codec;

/** Server side: a command line the decoder refused, with the reply it deserves. */
public record MalformedCommandLine(Problem problem) {

  public enum Problem {
    /** Longer than the decoder's limit; the rest of it up to the line end was discarded. */
    TOO_LONG(500, "5.5.2 Line too long"),
    /** Holds NUL, a bare CR or another control character. */
    BAD_CHARACTER(501, "5.5.2 Control characters are not allowed in commands");

    private final int code;
    private final String text;

    Problem(int code, String text) {
      this.code = code;
      this.text = text;
    }

    public SmtpReply reply() {
      return SmtpReply.of(code, text);
    }
  }
}
