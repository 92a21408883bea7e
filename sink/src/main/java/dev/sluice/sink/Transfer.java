package dev.sluice.sink;

/** How a message's content reached the sink. */
public enum Transfer {
  /** DATA, with dot-stuffing and the {@code <CRLF>.<CRLF>} terminator (RFC 5321 4.1.1.4). */
  DATA,
  /** BDAT chunks (RFC 3030 CHUNKING). */
  BDAT
}
