/**
 * Non-blocking DNS for mail routing, on Netty's {@code DnsNameResolver}: MX, A/AAAA, TXT and TLSA
 * queries with a TTL-honouring cache (positive, and negative as RFC 2308 says), CNAME chains
 * followed, and failures typed so that a caller can tell "this domain does not exist" (permanent)
 * from "ask again later" (SERVFAIL, timeout). Every query carries the DO bit, and each answer keeps
 * the resolver's AD bit ({@link dev.sluice.route.dns.Validated}) for DANE.
 *
 * <p>Must never: block a thread (every answer is a future completed on the resolver's event loop),
 * apply search domains or {@code ndots} to a mail domain (names are queried fully qualified), keep
 * an answer past its TTL, or leak a DNS message buffer.
 */
package dev.sluice.route.dns;
