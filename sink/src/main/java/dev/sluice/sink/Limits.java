package dev.sluice.sink;

import java.time.Duration;
import java.util.Objects;

/**
 * What the sink tolerates from a client. The defaults follow RFC 5321 4.5.3 minimums and Postfix's
 * defaults where the RFC gives none.
 *
 * @param maxLineLength longest command line in octets, without CRLF (longer: 500 5.5.2)
 * @param maxMessageSize largest message in octets, after un-stuffing (larger: 552 5.3.4); also
 *     the value advertised with SIZE
 * @param maxRecipients recipients per transaction (more: 452 4.5.3)
 * @param maxConnections simultaneous connections (more: 421 4.7.0 and close)
 * @param idleTimeout how long a client may stay silent (then: 421 4.4.2 and close)
 */
public record Limits(int maxLineLength, long maxMessageSize, int maxRecipients, int maxConnections,
    Duration idleTimeout) {

  /** 4096-octet lines, 10 MiB messages, 1000 recipients, 1000 connections, 5 minutes idle. */
  public static final Limits DEFAULT = new Limits(4096, 10L * 1024 * 1024, 1000, 1000, Duration.ofMinutes(5));

  public Limits {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (maxLineLength < 16) {
      throw new IllegalArgumentException("maxLineLength must be at least 16: " + maxLineLength);
    }
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
    }
    if (maxRecipients < 1) {
      throw new IllegalArgumentException("maxRecipients must be positive: " + maxRecipients);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
    }
  }

  public Limits withMaxLineLength(int maxLineLength) {
    return new Limits(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout);
  }

  public Limits withMaxMessageSize(long maxMessageSize) {
    return new Limits(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout);
  }

  public Limits withMaxRecipients(int maxRecipients) {
    return new Limits(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout);
  }

  public Limits withMaxConnections(int maxConnections) {
    return new Limits(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout);
  }

  public Limits withIdleTimeout(Duration idleTimeout) {
    return new Limits(maxLineLength, maxMessageSize, maxRecipients, maxConnections, idleTimeout);
  }
}
