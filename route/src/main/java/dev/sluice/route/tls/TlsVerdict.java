package dev.sluice.route.tls;

/** What one connection's TLS achieved. */
public enum TlsVerdict {
  /** TLS with a certificate that chains to a trusted CA and names the host. */
  VERIFIED,
  /** TLS, but the certificate did not pass (self-signed, expired, another name…): encrypted, not authenticated. */
  UNVERIFIED,
  /** Cleartext: STARTTLS not offered, refused, or not asked for. */
  NONE
}
