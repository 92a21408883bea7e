package dev.sluice.codec;

/** The MAIL FROM {@code RET=} parameter (RFC 3461 4.3): what a DSN returns of the message. */
public enum DsnReturn {
  FULL,
  HDRS
}
