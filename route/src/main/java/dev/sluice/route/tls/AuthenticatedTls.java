package dev.sluice.route.tls;

import dev.sluice.route.DomainRoute;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The order in which a domain's TLS policy is chosen: a policy configured for the domain itself
 * (the user's word wins, as in Postfix's policy table); then DANE (RFC 8461 §2: DANE takes
 * precedence over MTA-STS); then MTA-STS; then the default.
 *
 * @param dane DANE, or null when off
 * @param sts MTA-STS (a source whose future gives null when the domain has no policy), or null when off
 * @param fallback everything else (the shaping file's default and per-domain policies)
 * @param ownPolicy domains whose policy is configured explicitly
 */
public record AuthenticatedTls(DanePolicies dane, TlsPolicySource sts, TlsPolicySource fallback, Set<String> ownPolicy)
    implements TlsPolicySource {

  public AuthenticatedTls {
    ownPolicy = Set.copyOf(ownPolicy);
  }

  @Override
  public CompletableFuture<TlsPolicy> policyFor(DomainRoute route) {
    if (ownPolicy.contains(route.domain())) {
      return fallback.policyFor(route);
    }
    CompletableFuture<TlsPolicy> first = dane == null ? CompletableFuture.completedFuture(null) : dane.policyFor(route);
    return first.thenCompose(p -> {
      if (p != null || sts == null) {
        return p != null ? CompletableFuture.completedFuture(p) : fallback.policyFor(route);
      }
      return sts.policyFor(route).thenCompose(s -> s != null ? CompletableFuture.completedFuture(s)
          : fallback.policyFor(route));
    });
  }
}
