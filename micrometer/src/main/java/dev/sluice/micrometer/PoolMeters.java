package dev.sluice.micrometer;

import dev.sluice.client.bulk.SmtpPool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of an {@link SmtpPool}, read from {@link SmtpPool#stats()} when the registry is scraped
 * (nothing on the send path). The pool is held weakly, as Micrometer does for gauges: a pool that
 * is gone reads as NaN.
 */
public final class PoolMeters {

  private PoolMeters() {}

  /** Registers the pool's gauges and counters on {@code registry}; returns the pool. */
  public static SmtpPool bind(SmtpPool pool, MeterRegistry registry, Iterable<Tag> tags) {
    Tags t = Tags.of(tags);
    gauge("sluice.pool.connections", pool, p -> p.stats().busy(), t.and("state", "busy"), registry,
        "Pool connections by state: busy (a message on it), idle, connecting");
    gauge("sluice.pool.connections", pool, p -> p.stats().idle(), t.and("state", "idle"), registry,
        "Pool connections by state: busy (a message on it), idle, connecting");
    gauge("sluice.pool.connections", pool, p -> p.stats().connecting(), t.and("state", "connecting"), registry,
        "Pool connections by state: busy (a message on it), idle, connecting");
    gauge("sluice.pool.messages.waiting", pool, p -> p.stats().waiting(), t, registry,
        "Messages waiting for a pool connection");
    gauge("sluice.pool.messages.in.flight", pool, p -> p.stats().inFlight(), t, registry,
        "Messages on pool connections now");
    counter("sluice.pool.connects", pool, p -> p.stats().opened(), t.and("result", "opened"), registry,
        "Connections the pool opened, and attempts that failed");
    counter("sluice.pool.connects", pool, p -> p.stats().failedConnects(), t.and("result", "failed"), registry,
        "Connections the pool opened, and attempts that failed");
    counter("sluice.pool.connections.retired", pool, p -> p.stats().retired(), t, registry,
        "Connections closed on purpose (age, message count, idleness)");
    return pool;
  }

  private static void gauge(String name, SmtpPool pool, ToDoubleFunction<SmtpPool> f, Tags tags,
      MeterRegistry registry, String description) {
    Gauge.builder(name, pool, f).tags(tags).description(description).register(registry);
  }

  private static void counter(String name, SmtpPool pool, ToDoubleFunction<SmtpPool> f, Tags tags,
      MeterRegistry registry, String description) {
    FunctionCounter.builder(name, pool, f).tags(tags).description(description).register(registry);
  }
}
