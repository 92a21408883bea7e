package dev.sluice.route.shaping;

import dev.sluice.route.StaticRoute;
import dev.sluice.route.tls.TlsPolicy;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shaping of a router: defaults, per-domain rules, per-MX-suffix rules, global limits. Build
 * one in code or read it with {@link ShapingFile}.
 *
 * @param defaults every destination's limits unless a rule says otherwise
 * @param defaultTls the TLS policy of domains without their own
 * @param domains per-domain rules (A-labels → rule); a domain with a rule gets its own destination
 * @param mxSuffixes per-MX-suffix rules; a destination whose MX hosts all end in the suffix uses
 *     the longest matching one
 * @param maxConnections connections open at once over all destinations (a thousand cold
 *     destinations must not open a thousand connections at once)
 * @param suspension how long a destination that refused every connection (connect failure, 421
 *     or 4xx greeting) is left alone the first time; doubled each time after, up to
 *     {@code maxSuspension}
 * @param maxSuspension the longest suspension
 * @param allowPrivateMx accept MX hosts in private or reserved address space (tests, labs)
 */
public record Shaping(Limits defaults, TlsPolicy defaultTls, Map<String, DomainRule> domains,
    List<SuffixRule> mxSuffixes, int maxConnections, Duration suspension, Duration maxSuspension,
    boolean allowPrivateMx) {

  /** Limits, TLS policy and route of one domain; null fields are not set. */
  public record DomainRule(Limits limits, TlsPolicy tls, StaticRoute route) {
    public DomainRule {
      limits = limits == null ? Limits.NONE : limits;
    }
  }

  /**
   * Limits of destinations hosted under a suffix (e.g. {@code google.com}).
   *
   * @param suffix the MX host suffix, without a leading dot
   * @param limits limits of each such destination
   * @param sharedConnections connections open at once over all of them (0: no shared budget)
   */
  public record SuffixRule(String suffix, Limits limits, int sharedConnections) {
    public SuffixRule {
      Objects.requireNonNull(suffix, "suffix");
      limits = limits == null ? Limits.NONE : limits;
    }

    public boolean matches(String host) {
      return host.equals(suffix) || host.endsWith("." + suffix);
    }
  }

  public static final Shaping DEFAULT = new Shaping(Limits.DEFAULTS, TlsPolicy.OPPORTUNISTIC, Map.of(), List.of(),
      1000, Duration.ofSeconds(30), Duration.ofMinutes(10), false);

  public Shaping {
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(defaultTls, "defaultTls");
    domains = Map.copyOf(domains);
    mxSuffixes = mxSuffixes.stream().sorted(Comparator.comparingInt((SuffixRule r) -> r.suffix().length()).reversed())
        .toList();
    if (maxConnections < 1) {
      throw new IllegalArgumentException("the global max-connections must be >= 1");
    }
    Objects.requireNonNull(suspension, "suspension");
    Objects.requireNonNull(maxSuspension, "maxSuspension");
  }

  public Shaping withAllowPrivateMx(boolean allow) {
    return new Shaping(defaults, defaultTls, domains, mxSuffixes, maxConnections, suspension, maxSuspension, allow);
  }

  public Shaping withDefaults(Limits limits) {
    return new Shaping(limits, defaultTls, domains, mxSuffixes, maxConnections, suspension, maxSuspension,
        allowPrivateMx);
  }

  public Shaping withMaxConnections(int n) {
    return new Shaping(defaults, defaultTls, domains, mxSuffixes, n, suspension, maxSuspension, allowPrivateMx);
  }

  public Shaping withSuspension(Duration first, Duration max) {
    return new Shaping(defaults, defaultTls, domains, mxSuffixes, maxConnections, first, max, allowPrivateMx);
  }

  public Shaping withDomain(String domain, DomainRule rule) {
    Map<String, DomainRule> copy = new java.util.HashMap<>(domains);
    copy.put(domain, rule);
    return new Shaping(defaults, defaultTls, copy, mxSuffixes, maxConnections, suspension, maxSuspension,
        allowPrivateMx);
  }

  /** The suffix rule for a destination with these MX hosts (all must match), or null. */
  public SuffixRule suffixRuleFor(List<String> hosts) {
    if (hosts.isEmpty()) {
      return null;
    }
    for (SuffixRule r : mxSuffixes) {
      if (hosts.stream().allMatch(r::matches)) {
        return r;
      }
    }
    return null;
  }

  /** The limits of a destination: defaults, then its suffix rule, then its domain's rule. */
  public Limits limitsFor(List<String> hosts, String ruleDomain) {
    Limits l = defaults;
    SuffixRule s = suffixRuleFor(hosts);
    if (s != null) {
      l = l.overriddenBy(s.limits());
    }
    DomainRule d = ruleDomain == null ? null : domains.get(ruleDomain);
    if (d != null) {
      l = l.overriddenBy(d.limits());
    }
    return l;
  }
}
