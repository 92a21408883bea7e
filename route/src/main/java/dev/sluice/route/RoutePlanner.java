package dev.sluice.route;

import dev.sluice.route.shaping.Limits;
import dev.sluice.route.shaping.Shaping;
import dev.sluice.route.tls.TlsPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The router's pure core: from resolved domains to destinations. No sockets, no clock.
 */
public final class RoutePlanner {

  /** One domain, resolved, with the TLS policy chosen for it. */
  public record Resolved(String domain, DomainRoute route, TlsPolicy tls) {}

  private final Shaping shaping;

  public RoutePlanner(Shaping shaping) {
    this.shaping = shaping;
  }

  /** The destination of a deliverable domain. */
  public DestinationKey destinationOf(Resolved r) {
    Shaping.DomainRule rule = shaping.domains().get(r.domain());
    boolean ownLimits = rule != null && !rule.limits().equals(Limits.NONE);
    return new DestinationKey(r.route().hostSet(), r.route().port(), r.tls().level(), ownLimits ? r.domain() : "");
  }

  /**
   * Groups deliverable domains by destination, keeping the first-seen order; undeliverable ones are
   * left out (the caller settles their recipients from {@link DomainRoute#problem()}).
   */
  public Map<DestinationKey, List<Resolved>> group(List<Resolved> domains) {
    return group(domains, this::destinationOf);
  }

  /** {@link #group(List)} with destinations found by {@code keys} (a router remembers them). */
  public Map<DestinationKey, List<Resolved>> group(List<Resolved> domains,
      java.util.function.Function<Resolved, DestinationKey> keys) {
    Map<DestinationKey, List<Resolved>> out = new LinkedHashMap<>();
    for (Resolved r : domains) {
      if (r.route().deliverable()) {
        out.computeIfAbsent(keys.apply(r), k -> new java.util.ArrayList<>()).add(r);
      }
    }
    return out;
  }

  /** The limits of a destination. */
  public Limits limitsOf(DestinationKey key, List<MxHost> hosts) {
    return shaping.limitsFor(hosts.stream().map(MxHost::name).toList(), key.ruleDomain().isEmpty() ? null
        : key.ruleDomain());
  }
}
