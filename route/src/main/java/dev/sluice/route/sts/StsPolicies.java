package dev.sluice.route.sts;

import dev.sluice.route.DomainRoute;
import dev.sluice.route.dns.MailDns;
import dev.sluice.route.tls.TlsPolicy;
import dev.sluice.route.tls.TlsPolicySource;
import dev.sluice.route.tls.TlsReports;
import dev.sluice.route.tls.TlsResultType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MTA-STS as a {@link TlsPolicySource} (RFC 8461 §5): the TXT id is looked up for every route; a
 * cached policy with the same id is used as is, a new id (or no cached policy) means a fetch. A
 * failed fetch, a missing or broken TXT record, or a DNS failure never weakens a cached, unexpired
 * policy (§5.1); without one the domain has no policy (the future gives null) and the failure is
 * reported ({@code sts-policy-fetch-error}, {@code sts-policy-invalid}, {@code sts-webpki-invalid}).
 *
 * <p>{@code enforce} becomes {@link TlsPolicy.Level#REQUIRE_VERIFIED} restricted to the policy's
 * {@code mx} patterns; {@code testing} stays opportunistic but reports as {@code sts}; {@code none}
 * is no policy.
 */
public final class StsPolicies implements TlsPolicySource {

  private final MailDns dns;
  private final StsFetcher fetcher;
  private final StsCache cache;
  private final TlsReports reports;
  private final StsConfig config;
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

  public StsPolicies(MailDns dns, StsFetcher fetcher, StsCache cache, TlsReports reports, StsConfig config) {
    this.dns = dns;
    this.fetcher = fetcher;
    this.cache = cache;
    this.reports = reports;
    this.config = config;
  }

  /** The report key of a domain's STS results when no session policy exists yet. */
  private static final TlsPolicy REPORTING = new TlsPolicy(TlsPolicy.Level.OPPORTUNISTIC, "mta-sts", List.of(),
      TlsPolicy.Type.STS);

  @Override
  public CompletableFuture<TlsPolicy> policyFor(DomainRoute route) {
    if (route.kind() != DomainRoute.Kind.MX && route.kind() != DomainRoute.Kind.IMPLICIT_MX) {
      return CompletableFuture.completedFuture(null);
    }
    return current(route.domain(), false).thenApply(e -> toPolicy(route.domain(), e));
  }

  /** The policy entry of {@code domain} now: cached, or fetched when the id changed (or {@code always}). */
  public CompletableFuture<StsCache.Entry> current(String domain, boolean always) {
    return dns.txt("_mta-sts." + domain).handle((records, error) -> error == null ? StsPolicy.txtId(records) : null)
        .thenCompose(id -> {
          StsCache.Entry cached = cache.get(domain);
          if (id == null || (!always && cached != null && cached.id().equals(id))) {
            return CompletableFuture.completedFuture(cached);
          }
          return fetcher.fetch(domain).handle((policy, error) -> {
            if (error != null) {
              Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                  ? error.getCause() : error;
              reports.failure(domain, REPORTING, resultType(cause), "mta-sts." + domain, null, cause.getMessage());
              return cached;
            }
            Instant now = Instant.now();
            StsCache.Entry fresh = new StsCache.Entry(domain, id, policy, now, now.plusSeconds(policy.maxAgeSeconds()));
            cache.put(fresh);
            return fresh;
          });
        });
  }

  private TlsPolicy toPolicy(String domain, StsCache.Entry e) {
    if (e == null || e.policy().mode() == StsPolicy.Mode.NONE) {
      return null;
    }
    TlsPolicy p = e.policy().mode() == StsPolicy.Mode.ENFORCE
        ? new TlsPolicy(TlsPolicy.Level.REQUIRE_VERIFIED, "mta-sts enforce", e.policy().mx(), TlsPolicy.Type.STS)
        : new TlsPolicy(TlsPolicy.Level.OPPORTUNISTIC, "mta-sts testing", List.of(), TlsPolicy.Type.STS);
    reports.describe(domain, p, e.policy().lines());
    return p;
  }

  /**
   * Fetches again, in the background, every cached policy that expires within
   * {@link StsConfig#refreshBefore()} (RFC 8461 §5.1: refresh before expiry, even with an unchanged
   * id, so that a domain that is mailed rarely keeps its protection). Cheap when nothing is due.
   */
  public void refreshDue() {
    Instant soon = Instant.now().plus(config.refreshBefore());
    for (StsCache.Entry e : cache.entries()) {
      if (e.expiresAt().isBefore(soon) && refreshing.add(e.domain())) {
        current(e.domain(), true).whenComplete((x, y) -> refreshing.remove(e.domain()));
      }
    }
  }

  private static TlsResultType resultType(Throwable t) {
    if (t instanceof StsException s) {
      return switch (s.kind()) {
        case FETCH_ERROR -> TlsResultType.STS_POLICY_FETCH_ERROR;
        case WEBPKI_INVALID -> TlsResultType.STS_WEBPKI_INVALID;
        case POLICY_INVALID -> TlsResultType.STS_POLICY_INVALID;
      };
    }
    return TlsResultType.STS_POLICY_FETCH_ERROR;
  }
}
