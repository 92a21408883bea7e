package dev.sluice.route.tls;

import dev.sluice.route.DomainRoute;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Chooses the TLS policy of a domain's mail. Asynchronous because authenticated policies need
 * lookups of their own (MTA-STS fetches a policy over HTTPS, DANE asks for TLSA records).
 */
@FunctionalInterface
public interface TlsPolicySource {

  CompletableFuture<TlsPolicy> policyFor(DomainRoute route);

  /** {@code fallback} for every domain but those in {@code perDomain} (A-labels → policy). */
  static TlsPolicySource fixed(TlsPolicy fallback, Map<String, TlsPolicy> perDomain) {
    Map<String, TlsPolicy> copy = Map.copyOf(perDomain);
    return route -> CompletableFuture.completedFuture(copy.getOrDefault(route.domain(), fallback));
  }
}
