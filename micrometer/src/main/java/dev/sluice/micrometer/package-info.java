/**
 * Sluice's meters on Micrometer: one call binds a client ({@link dev.sluice.micrometer.SluiceMeters#instrument}),
 * a pool or a bulk sender to a {@code MeterRegistry}, with names and tags after Micrometer's
 * conventions (the README's "Operating Sluice" has the table).
 *
 * <p>Why a module: core stays free of dependencies and only exposes hooks
 * ({@link dev.sluice.client.SmtpMetrics}, {@link dev.sluice.client.bulk.BulkListener},
 * {@link dev.sluice.client.bulk.PoolStats}); this module turns them into meters.
 *
 * <p>Must never: block or take a lock on the hot path (hooks run on event loops: meters are looked
 * up once and cached, per reply there is an array read and a counter add); tag with an unbounded
 * value (addresses, hosts of a router, reply texts) — destinations go through
 * {@link dev.sluice.micrometer.BoundedTagValues}; tag or name anything with a credential.
 */
package dev.sluice.micrometer;
