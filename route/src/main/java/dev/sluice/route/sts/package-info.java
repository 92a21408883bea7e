/**
 * MTA-STS (RFC 8461): the {@code _mta-sts} TXT record, the policy fetched over HTTPS from
 * {@code mta-sts.DOMAIN}, parsed strictly, cached by id and {@code max_age} (in memory and in a
 * file, so that a restart keeps the protection against a later downgrade, §5), refreshed before it
 * expires, and turned into a {@link dev.sluice.route.tls.TlsPolicy}.
 *
 * <p>Must never: follow a redirect or accept a policy over an unverified certificate, read more
 * than the size limit or wait past the time limit, block an event loop (file writes go to their
 * own thread), fetch from a private address unless private MX addresses are allowed, or let a
 * failed fetch or a missing TXT record weaken a cached, unexpired policy.
 */
package dev.sluice.route.sts;
