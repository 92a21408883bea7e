package dev.sluice.client.bulk;

import java.time.Duration;

/**
 * How a {@link SmtpPool} manages its connections to one destination.
 *
 * @param maxConnections connections open at most (including ones being set up)
 * @param maxMessagesPerConnection messages one connection carries before it is retired (QUIT,
 *     replaced); 0 for no limit
 * @param maxAge a connection older than this takes no new message and is retired
 * @param idleTimeout a connection idle this long is closed
 * @param livenessCheckAfter a connection idle this long is checked with NOOP before it is used again
 * @param messagesInFlightPerConnection messages queued on one connection at once (2 keeps the next
 *     transaction pipelined behind each final dot; 3 leaves slack)
 * @param messagesPerSecond message rate limit (token bucket), 0 for none
 * @param connectionsPerSecond new-connection rate limit (token bucket), 0 for none
 */
public record PoolConfig(int maxConnections, int maxMessagesPerConnection, Duration maxAge, Duration idleTimeout,
    Duration livenessCheckAfter, int messagesInFlightPerConnection, double messagesPerSecond,
    double connectionsPerSecond) {

  public static final PoolConfig DEFAULT = new PoolConfig(8, 1000, Duration.ofMinutes(10), Duration.ofSeconds(60),
      Duration.ofSeconds(15), 3, 0, 0);

  /**
   * Office 365's limits per mailbox: 3 concurrent connections and 30 messages a minute (the
   * submission quota); connections are retired before the service's own session limits.
   */
  public static final PoolConfig OFFICE_365 = new PoolConfig(3, 300, Duration.ofMinutes(10), Duration.ofSeconds(60),
      Duration.ofSeconds(15), 2, 0.5, 1);

  public PoolConfig {
    if (maxConnections < 1 || messagesInFlightPerConnection < 1) {
      throw new IllegalArgumentException("maxConnections and messagesInFlightPerConnection must be >= 1");
    }
    if (maxMessagesPerConnection < 0 || messagesPerSecond < 0 || connectionsPerSecond < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
  }

  public PoolConfig withMaxConnections(int n) {
    return new PoolConfig(n, maxMessagesPerConnection, maxAge, idleTimeout, livenessCheckAfter,
        messagesInFlightPerConnection, messagesPerSecond, connectionsPerSecond);
  }

  public PoolConfig withMaxMessagesPerConnection(int n) {
    return new PoolConfig(maxConnections, n, maxAge, idleTimeout, livenessCheckAfter, messagesInFlightPerConnection,
        messagesPerSecond, connectionsPerSecond);
  }

  public PoolConfig withMaxAge(Duration d) {
    return new PoolConfig(maxConnections, maxMessagesPerConnection, d, idleTimeout, livenessCheckAfter,
        messagesInFlightPerConnection, messagesPerSecond, connectionsPerSecond);
  }

  public PoolConfig withIdleTimeout(Duration d) {
    return new PoolConfig(maxConnections, maxMessagesPerConnection, maxAge, d, livenessCheckAfter,
        messagesInFlightPerConnection, messagesPerSecond, connectionsPerSecond);
  }

  public PoolConfig withLivenessCheckAfter(Duration d) {
    return new PoolConfig(maxConnections, maxMessagesPerConnection, maxAge, idleTimeout, d,
        messagesInFlightPerConnection, messagesPerSecond, connectionsPerSecond);
  }

  public PoolConfig withMessagesInFlightPerConnection(int n) {
    return new PoolConfig(maxConnections, maxMessagesPerConnection, maxAge, idleTimeout, livenessCheckAfter, n,
        messagesPerSecond, connectionsPerSecond);
  }

  public PoolConfig withMessagesPerSecond(double rate) {
    return new PoolConfig(maxConnections, maxMessagesPerConnection, maxAge, idleTimeout, livenessCheckAfter,
        messagesInFlightPerConnection, rate, connectionsPerSecond);
  }

  public PoolConfig withConnectionsPerSecond(double rate) {
    return new PoolConfig(maxConnections, maxMessagesPerConnection, maxAge, idleTimeout, livenessCheckAfter,
        messagesInFlightPerConnection, messagesPerSecond, rate);
  }
}
