package dev.sluice.route.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The DNS questions routing asks. Names are A-labels (ASCII), without a trailing dot. A failed
 * future carries a {@link DnsLookupException} saying whether the failure is permanent.
 *
 * <p>{@link MailDns} answers from a real DNS server; tests of the routing logic answer from a map.
 */
public interface MailResolver {

  /**
   * The MX records of {@code domain}, after any CNAME chain (RFC 5321 §5.1: the alias's target "is
   * processed as if it were the initial name"). An empty list means the domain exists but has no MX
   * (implicit MX); NXDOMAIN fails permanently.
   */
  CompletableFuture<MxAnswer> mx(String domain);

  /**
   * The addresses of {@code host} (A and AAAA, in the resolver's configured order); an empty list
   * when it has none. NXDOMAIN fails permanently.
   */
  CompletableFuture<List<InetAddress>> addresses(String host);
}
