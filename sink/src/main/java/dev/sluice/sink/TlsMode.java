package dev.sluice.sink;

/** How the sink offers TLS. */
public enum TlsMode {
  /** Cleartext only; STARTTLS is not advertised. */
  NONE,
  /** Cleartext greeting, STARTTLS advertised (RFC 3207). */
  STARTTLS,
  /** TLS from the first byte, like port 465 (RFC 8314). */
  IMPLICIT
}
