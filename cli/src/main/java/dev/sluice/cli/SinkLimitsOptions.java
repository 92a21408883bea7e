package dev.sluice.cli;

import dev.sluice.sink.SmtpSinkBuilder;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The sink's limits as {@code sluice sink} options; unset ones keep the sink's defaults. */
final class SinkLimitsOptions {

  @Option(names = "--idle-timeout", paramLabel = "S",
      description = "Seconds a client may stay silent, or leave replies unread, before 421 and close (default: 300).")
  Long idleTimeoutSeconds;

  @Option(names = "--max-connections", paramLabel = "N", description = "Simultaneous connections (default: 1000).")
  Integer maxConnections;

  @Option(names = "--max-connections-per-ip", paramLabel = "N",
      description = "Simultaneous connections from one client address (default: 100).")
  Integer maxConnectionsPerIp;

  @Option(names = "--max-message-size", paramLabel = "BYTES",
      description = "Largest message, also advertised with SIZE (default: 10485760).")
  Long maxMessageSize;

  @Option(names = "--max-recipients", paramLabel = "N", description = "Recipients per transaction (default: 1000).")
  Integer maxRecipients;

  /** Applies the options given; a bad value throws IllegalArgumentException (a usage error). */
  SmtpSinkBuilder apply(SmtpSinkBuilder b) {
    if (idleTimeoutSeconds != null) {
      if (idleTimeoutSeconds < 1) {
        throw new IllegalArgumentException("--idle-timeout must be at least 1 second");
      }
      b.idleTimeout(Duration.ofSeconds(idleTimeoutSeconds));
      b.writeTimeout(Duration.ofSeconds(idleTimeoutSeconds));
    }
    if (maxConnections != null) {
      b.maxConnections(maxConnections);
    }
    if (maxConnectionsPerIp != null) {
      b.maxConnectionsPerIp(maxConnectionsPerIp);
    }
    if (maxMessageSize != null) {
      b.maxMessageSize(maxMessageSize);
    }
    if (maxRecipients != null) {
      b.maxRecipients(maxRecipients);
    }
    return b;
  }
}
