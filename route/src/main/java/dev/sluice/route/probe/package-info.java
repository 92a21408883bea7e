/**
 * {@code sluice probe --mx}: what a domain's mail servers offer for authenticated TLS — the MX
 * hosts and their addresses, the DNSSEC status, TLSA records and whether the presented certificate
 * matches them, the MTA-STS record and policy, STARTTLS and the certificate of each MX, and a
 * verdict per MX and for the domain.
 *
 * <p>Must never: send a message (each MX gets EHLO, STARTTLS and QUIT), or call a domain
 * "authenticated" on evidence that a downgrade attacker could forge (an unvalidated TLSA record, an
 * MTA-STS policy fetched over an unverified certificate).
 */
package dev.sluice.route.probe;
