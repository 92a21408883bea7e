package dev.sluice.sink.session;

/** Where a connection is, as far as reading input goes. */
enum Phase {
  /** Commands (and message content after DATA/BDAT) are processed. */
  COMMANDS,
  /** Lines are SASL responses to an AUTH challenge. */
  AUTH,
  /** The greeting refused service: only QUIT is accepted (RFC 5321 3.1: 503 to the rest). */
  GREETING_REFUSED,
  /** STARTTLS was accepted: input until the TLS handler is in place is discarded (CVE-2011-0411). */
  TLS_PENDING,
  /** The connection is closing: input is dropped. */
  CLOSING
}
