package dev.sluice.sink;

import java.time.Duration;
import java.util.Objects;

/**
 * What the sink tolerates from a client. The defaults follow RFC 5321 4.5.3 minimums and Postfix's
 * defaults where the RFC gives none.
 *
 * @param maxLineLength longest command line in octets, without CRLF (longer: 500 5.5.2); SASL
 *     lines may be up to 12288 octets (RFC 4954 4) whatever this says
 * @param maxMessageSize largest message in octets, after un-stuffing (larger: 552 5.3.4); also
 *     the value advertised with SIZE
 * @param maxRecipients recipients per transaction (more: 452 4.5.3)
 * @param maxConnections simultaneous connections (more: 421 4.7.0 and close)
 * @param idleTimeout how long a client may stay silent (then: 421 4.4.2 and close, whatever is
 *     still unwritten)
 * @param maxConnectionsPerIp simultaneous connections from one client address (more: 421 and close)
 * @param maxAuthFailures failed AUTH attempts per connection (the last one: 421 4.7.0 and close)
 * @param authFailureDelay how long each failed AUTH is answered late (slows password guessing)
 * @param writeTimeout how long replies may wait for a client that does not read them (then: close)
 */
public record Limits(int maxLineLength, long maxMessageSize, int maxRecipients, int maxConnections,
    Duration idleTimeout, int maxConnectionsPerIp, int maxAuthFailures, Duration authFailureDelay,
    Duration writeTimeout) {

  /**
   * 4096-octet lines, 10 MiB messages, 1000 recipients, 1000 connections (100 per address), 5
   * minutes idle, 3 failed AUTH attempts each answered 500 ms late, 1 minute to take a reply.
   */
  public static final Limits DEFAULT = new Limits(4096, 10L * 1024 * 1024, 1000, 1000, Duration.ofMinutes(5),
      100, 3, Duration.ofMillis(500), Duration.ofMinutes(1));

  public Limits {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(authFailureDelay, "authFailureDelay");
    Objects.requireNonNull(writeTimeout, "writeTimeout");
    if (maxLineLength < 16) {
      throw new IllegalArgumentException("maxLineLength must be at least 16: " + maxLineLength);
    }
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
    }
    if (maxRecipients < 1) {
      throw new IllegalArgumentException("maxRecipients must be positive: " + maxRecipients);
    }
    if (maxConnections < 1 || maxConnectionsPerIp < 1) {
      throw new IllegalArgumentException("maxConnections and maxConnectionsPerIp must be positive: "
          + maxConnections + ", " + maxConnectionsPerIp);
    }
    if (maxAuthFailures < 1) {
      throw new IllegalArgumentException("maxAuthFailures must be positive: " + maxAuthFailures);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero() || writeTimeout.isNegative() || writeTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout and writeTimeout must be positive: " + idleTimeout + ", "
          + writeTimeout);
    }
    if (authFailureDelay.isNegative()) {
      throw new IllegalArgumentException("authFailureDelay must not be negative: " + authFailureDelay);
    }
  }

  /** The first five limits; the others at their defaults. */
  public Limits(int maxLineLength, long maxMessageSize, int maxRecipients, int maxConnections, Duration idleTimeout) {
    this(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout, 100, 3, Duration.ofMillis(500),
        Duration.ofMinutes(1));
  }

  public Limits withMaxLineLength(int maxLineLength) {
    return new Limits(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout, maxConnectionsPerIp,
        maxAuthFailures, authFailureDelay, writeTimeout);
  }

  public Limits withMaxMessageSize(long maxMessageSize) {
    return new Limits(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout, maxConnectionsPerIp,
        maxAuthFailures, authFailureDelay, writeTimeout);
  }

  public Limits withMaxRecipients(int maxRecipients) {
    return new Limits(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout, maxConnectionsPerIp,
        maxAuthFailures, authFailureDelay, writeTimeout);
  }

  public Limits withMaxConnections(int maxConnections) {
    return new Limits(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout, maxConnectionsPerIp,
        maxAuthFailures, authFailureDelay, writeTimeout);
  }

  public Limits withIdleTimeout(Duration idleTimeout) {
    return new Limits(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout, maxConnectionsPerIp,
        maxAuthFailures, authFailureDelay, writeTimeout);
  }

  public Limits withMaxConnectionsPerIp(int maxConnectionsPerIp) {
    return new Limits(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout, maxConnectionsPerIp,
        maxAuthFailures, authFailureDelay, writeTimeout);
  }

  public Limits withMaxAuthFailures(int maxAuthFailures) {
    return new Limits(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout, maxConnectionsPerIp,
        maxAuthFailures, authFailureDelay, writeTimeout);
  }

  public Limits withAuthFailureDelay(Duration authFailureDelay) {
    return new Limits(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout, maxConnectionsPerIp,
        maxAuthFailures, authFailureDelay, writeTimeout);
  }

  public Limits withWriteTimeout(Duration writeTimeout) {
    return new Limits(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout, maxConnectionsPerIp,
        maxAuthFailures, authFailureDelay, writeTimeout);
  }
}
