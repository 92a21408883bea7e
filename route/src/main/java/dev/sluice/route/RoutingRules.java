package dev.sluice.route;

import java.util.Map;

/**
 * What overrides DNS, and what DNS may not send us to.
 *
 * @param port the SMTP port of every MX host (25; another port only for tests and labs)
 * @param allowPrivate accept MX hosts with loopback, private or reserved addresses (tests, labs)
 * @param smarthost if set, all mail goes there, whatever the domain
 * @param routes per-domain routes (domain in A-labels → next hop), checked before MX
 */
public record RoutingRules(int port, boolean allowPrivate, StaticRoute smarthost, Map<String, StaticRoute> routes) {

  public static final RoutingRules DEFAULT = new RoutingRules(25, false, null, Map.of());

  public RoutingRules {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535: " + port);
    }
    routes = Map.copyOf(routes);
  }

  /** The static route for {@code domain}, or null for MX. */
  public StaticRoute routeFor(String domain) {
    return smarthost != null ? smarthost : routes.get(domain);
  }
}
