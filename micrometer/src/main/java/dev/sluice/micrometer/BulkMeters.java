package dev.sluice.micrometer;

import dev.sluice.client.bulk.BulkListener;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A {@link BulkListener} that counts messages by outcome (a timer: submit to outcome, retries and
 * waiting included) and retries. Anything that ends messages in {@link Outcome}s can use it — the
 * bulk sender, a router, a queue worker. With {@link #withDestinations}, each meter also carries a
 * {@code destination} tag bounded by {@link BoundedTagValues}.
 */
public final class BulkMeters implements BulkListener {

  private static final Outcome.Status[] STATUSES = Outcome.Status.values();

  private final MeterRegistry registry;
  private final Tags tags;
  private final Timer[] outcomes = new Timer[STATUSES.length];
  private final Counter retries;
  private final Function<Outcome, String> destinationOf;
  private final BoundedTagValues destinations;
  private final ConcurrentHashMap<String, Meters> byDestination = new ConcurrentHashMap<>();

  private record Meters(Timer[] outcomes, Counter retries) {}

  public BulkMeters(MeterRegistry registry, Iterable<Tag> tags) {
    this(registry, Tags.of(tags), null, null);
  }

  private BulkMeters(MeterRegistry registry, Tags tags, Function<Outcome, String> destinationOf,
      BoundedTagValues destinations) {
    this.registry = registry;
    this.tags = tags;
    this.destinationOf = destinationOf;
    this.destinations = destinations;
    Meters m = meters(destinationOf == null ? tags : tags.and("destination", BoundedTagValues.OTHER));
    System.arraycopy(m.outcomes, 0, outcomes, 0, outcomes.length);
    this.retries = m.retries;
  }

  /**
   * The same meters with a {@code destination} tag: {@code destinationOf} names an outcome's
   * destination (e.g. a router's MX group), {@code bound} keeps the tag to its top values.
   */
  public BulkMeters withDestinations(Function<Outcome, String> destinationOf, BoundedTagValues bound) {
    return new BulkMeters(registry, tags, destinationOf, bound);
  }

  private Meters meters(Tags t) {
    Timer[] timers = new Timer[STATUSES.length];
    for (Outcome.Status s : STATUSES) {
      timers[s.ordinal()] = Timer.builder("sluice.messages").tags(t).tag("outcome", Reasons.lower(s.name()))
          .description("Messages by final outcome, timed from submit to outcome (retries included)")
          .register(registry);
    }
    Counter r = Counter.builder("sluice.messages.retries").tags(t)
        .description("Attempts that failed transiently and were scheduled again").register(registry);
    return new Meters(timers, r);
  }

  private Meters forOutcome(Outcome o) {
    String d = destinations.valueOf(destinationOf.apply(o));
    if (BoundedTagValues.OTHER.equals(d)) {
      return null;
    }
    return byDestination.computeIfAbsent(d, x -> meters(tags.and("destination", x)));
  }

  @Override
  public void outcome(Outcome outcome, long latencyNanos) {
    Meters m = destinationOf == null ? null : forOutcome(outcome);
    (m == null ? outcomes : m.outcomes)[outcome.status().ordinal()].record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void retry(Outcome attempt, long delayNanos) {
    Meters m = destinationOf == null ? null : forOutcome(attempt);
    (m == null ? retries : m.retries).increment();
  }

  /** Gauges of a running sender: messages pending, and its pool's gauges (see {@link PoolMeters}). */
  public static BulkSender bindGauges(BulkSender sender, MeterRegistry registry, Iterable<Tag> tags) {
    Gauge.builder("sluice.messages.pending", sender, s -> s.stats().pending()).tags(tags)
        .description("Messages submitted without an outcome yet").register(registry);
    PoolMeters.bind(sender.pool(), registry, tags);
    return sender;
  }
}
