package dev.sluice.examples;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.SmtpPool;
import dev.sluice.micrometer.BoundedTagValues;
import dev.sluice.micrometer.BulkMeters;
import dev.sluice.micrometer.SluiceMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.ExecutionException;

/** README "Operating Sluice", "Metrics (Micrometer)". */
public final class MetricsExample {

  private MetricsExample() {}

  /**
   * Binds a client, a bulk sender and {@code myPool} to a new registry, sends {@code content} with
   * the bulk sender and returns the registry.
   */
  public static MeterRegistry sendMeasured(SmtpClientConfig config, SmtpPool myPool, Envelope envelope,
      MessageContent content) throws InterruptedException, ExecutionException {
    // README:metrics
    MeterRegistry registry = new SimpleMeterRegistry(); // or Prometheus, OTLP, Datadog, JMX...
    SmtpClient client = SmtpClient.create(SluiceMeters.instrument(config, registry, Tag.of("client", "newsletter")));
    BulkSender sender = SluiceMeters.bulkSender(client, BulkConfig.DEFAULT, registry);   // outcomes, retries, pool
    SluiceMeters.pool(myPool, registry);                                                  // a pool used on its own
    // README:end
    try (client; sender) {
      sender.submit(envelope, content).get();
    }
    return registry;
  }

  /** A bulk configuration whose {@code sluice.messages} are tagged with a bounded destination. */
  public static BulkConfig withDestinations(MeterRegistry registry) {
    // README:destinations
    BulkMeters meters = new BulkMeters(registry, Tags.empty())
        .withDestinations(o -> mxGroupOf(o.envelope()), new BoundedTagValues(20, 100));
    BulkConfig config = BulkConfig.DEFAULT.withListener(meters);
    // README:end
    return config;
  }

  /** The application's own grouping of destinations: here, the first recipient's domain. */
  private static String mxGroupOf(Envelope envelope) {
    String first = envelope.recipients().get(0);
    return first.substring(first.lastIndexOf('@') + 1);
  }
}
