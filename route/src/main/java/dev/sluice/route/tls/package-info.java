/**
 * TLS for direct delivery, one small piece per destination: which policy applies
 * ({@link dev.sluice.route.tls.TlsPolicy}, chosen by a {@link dev.sluice.route.tls.TlsPolicySource}
 * so that MTA-STS and DANE can plug in later) and what each connection achieved
 * ({@link dev.sluice.route.tls.TlsVerdict}).
 *
 * <p>Must never: let an opportunistic certificate failure stop delivery (RFC 7435), or let a
 * destination whose policy requires verified TLS fall back to cleartext or to an unverified
 * certificate.
 */
package dev.sluice.route.tls;
