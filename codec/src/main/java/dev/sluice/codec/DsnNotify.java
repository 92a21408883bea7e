package dev.sluice.codec;

/** A value of the RCPT TO {@code NOTIFY=} parameter (RFC 3461 4.1). NEVER excludes the others. */
public enum DsnNotify {
  NEVER,
  SUCCESS,
  FAILURE,
  DELAY
}
