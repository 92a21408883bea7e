package dev.sluice.cli;

import dev.sluice.amqp.Broker;
import dev.sluice.amqp.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Where the broker and the queue are: shared by {@code enqueue}, {@code worker} and {@code outcomes}. */
final class AmqpOptions {

  @Option(names = "--amqp", paramLabel = "URI", required = true,
      description = "The RabbitMQ broker: amqp://USER@HOST:PORT/VHOST (amqps:// for TLS, certificate and host name "
          + "verified); a comma-separated list names the nodes of a cluster. Put the password in "
          + "--amqp-password-env rather than in the URI.")
  String uri;

  @Option(names = "--amqp-password-env", paramLabel = "VAR",
      description = "Read the broker password from environment variable VAR (it overrides one in the URI).")
  String passwordEnv;

  @Option(names = "--queue", paramLabel = "Q", defaultValue = "sluice",
      description = "The send queue (default: ${DEFAULT-VALUE}); its companions are Q.retry.*, Q.dead and Q.outcomes.")
  String queue;

  Broker broker() {
    String password = null;
    if (passwordEnv != null) {
      password = System.getenv(passwordEnv);
      if (password == null) {
        throw new UsageException("environment variable " + passwordEnv + " (--amqp-password-env) is not set");
      }
    }
    try {
      return Broker.parse(uri, password);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--amqp: " + e.getMessage());
    }
  }

  Topology topology(List<Duration> tiers) {
    try {
      Topology t = Topology.named(queue);
      return tiers == null ? t : t.withRetryTiers(tiers);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--queue: " + e.getMessage());
    }
  }

  /** {@code 1m,10m,25m} or {@code 500ms,2s}: ms, s, m, h. */
  static List<Duration> durations(String option, String list) {
    List<Duration> out = new ArrayList<>();
    for (String s : list.split(",")) {
      String t = s.trim().toLowerCase(Locale.ROOT);
      try {
        if (t.endsWith("ms")) {
          out.add(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))));
        } else if (t.endsWith("s")) {
          out.add(Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1))));
        } else if (t.endsWith("m")) {
          out.add(Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1))));
        } else if (t.endsWith("h")) {
          out.add(Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1))));
        } else {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new UsageException(option + " wants durations like 1m,10m,25m or 500ms,2s, not '" + s.trim() + "'");
      }
    }
    return out;
  }
}
