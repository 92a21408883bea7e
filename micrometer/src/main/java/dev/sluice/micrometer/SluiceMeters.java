package dev.sluice.micrometer;

import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpMetrics;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.SmtpPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * One call per component binds it to a {@link MeterRegistry}.
 *
 * <pre>{@code
 * SmtpClient client = SmtpClient.create(SluiceMeters.instrument(config, registry));
 * BulkSender sender = SluiceMeters.bulkSender(client, BulkConfig.DEFAULT, registry);
 * }</pre>
 *
 * Tags given here are added to every meter (e.g. {@code Tag.of("client", "newsletter")}). Counters
 * and timers of two clients with the same tags add up; gauges (pool connections, pending messages)
 * cannot, and a registry keeps the first gauge of a name and tags: give each pool or bulk sender on
 * one registry its own tag.
 */
public final class SluiceMeters {

  private SluiceMeters() {}

  /** {@code config} with {@link SmtpClientMeters} as its metrics: every connection of the client is measured. */
  public static SmtpClientConfig instrument(SmtpClientConfig config, MeterRegistry registry, Tag... tags) {
    return config.toBuilder().metrics(SmtpMetrics.both(config.metrics(), new SmtpClientMeters(registry, Tags.of(tags))))
        .build();
  }

  /**
   * Like {@link #instrument(SmtpClientConfig, MeterRegistry, Tag...)}, and one {@link Observation}
   * per message on {@code observations} (a span per message with Micrometer Tracing): see
   * {@link SmtpObservations}.
   */
  public static SmtpClientConfig instrument(SmtpClientConfig config, MeterRegistry registry,
      ObservationRegistry observations, Tag... tags) {
    return config.toBuilder().metrics(SmtpMetrics.both(config.metrics(), new SmtpObservations(
        new SmtpClientMeters(registry, Tags.of(tags)), observations, config.host(), config.port()))).build();
  }

  /** A bulk sender whose outcomes, retries, pending messages and pool are measured. */
  public static BulkSender bulkSender(SmtpClient client, BulkConfig config, MeterRegistry registry, Tag... tags) {
    BulkMeters meters = new BulkMeters(registry, Tags.of(tags));
    BulkSender sender = BulkSender.create(client,
        config.withListener(config.listener() == null ? meters : Listeners.both(config.listener(), meters)));
    return BulkMeters.bindGauges(sender, registry, Tags.of(tags));
  }

  /** Binds a pool's gauges (connections busy/idle/connecting, messages waiting and in flight). */
  public static SmtpPool pool(SmtpPool pool, MeterRegistry registry, Tag... tags) {
    return PoolMeters.bind(pool, registry, Tags.of(tags));
  }
}
