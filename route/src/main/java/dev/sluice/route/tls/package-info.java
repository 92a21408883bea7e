/**
 * TLS for direct delivery, one small piece per destination: which policy applies
 * ({@link dev.sluice.route.tls.TlsPolicy}, chosen by a {@link dev.sluice.route.tls.TlsPolicySource}
 * — the shaping rules, {@link dev.sluice.route.tls.DanePolicies DANE} and MTA-STS, in the order of
 * {@link dev.sluice.route.tls.AuthenticatedTls}), what each connection achieved
 * ({@link dev.sluice.route.tls.TlsVerdict}, {@link dev.sluice.route.tls.DaneVerifier}), and the
 * RFC 8460 counters of it all ({@link dev.sluice.route.tls.TlsReports}).
 *
 * <p>Must never: let an opportunistic certificate failure stop delivery (RFC 7435), or let a
 * destination whose policy requires verified TLS (or DANE) fall back to cleartext, to an
 * unverified certificate or to a host its policy does not allow, or trust a TLSA record that the
 * resolver did not validate.
 */
package dev.sluice.route.tls;
