package dev.sluice.codec;

/** How message data is put on the wire. */
public enum DataFraming {
  /**
   * After DATA (RFC 5321 4.5.2): line endings normalised to CRLF, a dot doubled at the start of
   * every line, the body ended with CRLF if it lacks one, then {@code .\r\n}.
   */
  DOT_STUFFED,
  /** In BDAT chunks (RFC 3030) for text: line endings normalised, no dot-stuffing, no terminator. */
  CHUNKED_TEXT,
  /** In BDAT chunks for BINARYMIME: the bytes as they are. */
  BINARY
}
