/**
 * Direct delivery: a {@link dev.sluice.route.Router} takes messages with recipients in any number
 * of domains and delivers each to its domain's mail servers — MX lookups, destinations that share
 * a host set grouped into one transaction, a pool per destination with its own limits, MX failover,
 * retries, suspension of destinations that refuse connections, opportunistic TLS with the verdict
 * recorded — and reports one outcome per recipient.
 *
 * <p>The routing decision is a small pure core ({@link dev.sluice.route.RouteResolver} over a
 * {@link dev.sluice.route.dns.MailResolver}, {@link dev.sluice.route.MxOrder},
 * {@link dev.sluice.route.RoutePlanner}); SMTP itself is core's pool and session.
 *
 * <p>Must never: block an event loop, connect to private or reserved addresses found in DNS unless
 * allowed, let a recipient end without an outcome or with two, resend a message whose fate is
 * unknown unless at-least-once delivery was asked for, or hammer a destination that refuses
 * connections.
 */
package dev.sluice.route;
