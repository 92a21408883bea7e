/**
 * DKIM signing (RFC 6376, RFC 8463): {@code rsa-sha256} and {@code ed25519-sha256}, one or both
 * per message, with the keys chosen by the From domain from a {@link dev.sluice.dkim.KeyTable}.
 *
 * <p>The body is canonicalised and hashed as a stream: small {@link dev.sluice.dkim.ByteSink}
 * writers stacked over the message bytes (wire line endings, then the body canonicalisation, then
 * SHA-256), so a message of any size is read once, in chunks, and never copied whole. The header
 * block is parsed once. The signature header is put in front of the unchanged message without
 * copying it.
 *
 * <p>Must never: use a regex or a String over message bytes, sign bytes other than those that go
 * on the wire, emit {@code l=} (it lets anyone append to a signed body), guess when a message is
 * ambiguous (no From, several From: refused with a {@link dev.sluice.dkim.DkimException}), or run
 * on an event loop (signing costs more CPU than a whole SMTP transaction).
 */
package dev.sluice.dkim;
