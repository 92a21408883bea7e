package dev.sluice.route;

import dev.sluice.client.bulk.PoolConfig;
import dev.sluice.route.tls.TlsPolicy;

/**
 * Where a domain's mail would go now, and under which rules ({@code sluice route}).
 *
 * @param input the domain as given
 * @param route its route (A-label domain, hosts and addresses, or why there are none)
 * @param tls its TLS policy
 * @param destination the destination (pool) it maps to, or null when it is not deliverable
 * @param limits that destination's limits, or null
 */
public record RouteReport(String input, DomainRoute route, TlsPolicy tls, DestinationKey destination,
    PoolConfig limits) {}
