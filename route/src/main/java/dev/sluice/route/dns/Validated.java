package dev.sluice.route.dns;

/**
 * An answer and its DNSSEC status.
 *
 * @param value the answer
 * @param secure true when the resolver validated it (the AD bit, RFC 4035 §3.2.3, RFC 6840 §5.7);
 *     false for an insecure (unsigned) zone or a resolver that does not validate. A bogus answer
 *     never gets here: a validating resolver answers SERVFAIL, a transient {@link DnsLookupException}.
 */
public record Validated<T>(T value, boolean secure) {}
