package dev.sluice.route.shaping;

import dev.sluice.client.bulk.PoolConfig;
import java.time.Duration;

/**
 * Limits of one destination's pool; a null field means "not set here" (the next level decides).
 *
 * @param maxConnections connections open at once
 * @param maxMessagesPerConnection messages per connection before it is replaced (0: no limit)
 * @param messagesPerSecond message rate (0: none)
 * @param connectionsPerSecond new-connection rate (0: none)
 * @param idleTimeout an idle connection is closed after this
 */
public record Limits(Integer maxConnections, Integer maxMessagesPerConnection, Double messagesPerSecond,
    Double connectionsPerSecond, Duration idleTimeout) {

  public static final Limits NONE = new Limits(null, null, null, null, null);

  /**
   * The defaults for a destination on the Internet: a few connections (receivers throttle senders
   * that open many), 100 messages per connection, connections kept 5 s after their last message
   * (Postfix keeps them 2 s) so that a burst reuses them without hoarding the global cap.
   */
  public static final Limits DEFAULTS = new Limits(4, 100, 0.0, 0.0, Duration.ofSeconds(5));

  public Limits {
    if (maxConnections != null && maxConnections < 1) {
      throw new IllegalArgumentException("max-connections must be >= 1");
    }
    if ((maxMessagesPerConnection != null && maxMessagesPerConnection < 0)
        || (messagesPerSecond != null && messagesPerSecond < 0)
        || (connectionsPerSecond != null && connectionsPerSecond < 0)) {
      throw new IllegalArgumentException("limits must not be negative");
    }
  }

  /** These limits, with {@code over}'s set fields taking precedence. */
  public Limits overriddenBy(Limits over) {
    if (over == null) {
      return this;
    }
    return new Limits(pick(over.maxConnections, maxConnections), pick(over.maxMessagesPerConnection,
        maxMessagesPerConnection), pick(over.messagesPerSecond, messagesPerSecond),
        pick(over.connectionsPerSecond, connectionsPerSecond), pick(over.idleTimeout, idleTimeout));
  }

  /** A pool configuration with these limits (unset ones from {@link #DEFAULTS}). */
  public PoolConfig toPoolConfig() {
    Limits l = DEFAULTS.overriddenBy(this);
    return PoolConfig.DEFAULT.withMaxConnections(l.maxConnections)
        .withMaxMessagesPerConnection(l.maxMessagesPerConnection)
        .withMessagesPerSecond(l.messagesPerSecond)
        .withConnectionsPerSecond(l.connectionsPerSecond)
        .withIdleTimeout(l.idleTimeout)
        .withLivenessCheckAfter(l.idleTimeout.compareTo(Duration.ofSeconds(15)) < 0 ? l.idleTimeout
            : Duration.ofSeconds(15));
  }

  private static <T> T pick(T a, T b) {
    return a != null ? a : b;
  }
}
