package dev.sluice.client;

/**
 * Metrics hooks, called on event loops: implementations must be quick, thread-safe and must not
 * block (add to counters or histograms, nothing more). Every method has an empty default.
 */
public interface SmtpMetrics {

  /** A reply arrived {@code latencyNanos} after its command was written (or its slot opened). */
  default void reply(SmtpPhase phase, int code, long latencyNanos) {}

  /** Bytes handed to the socket (before TLS). */
  default void bytesSent(long bytes) {}

  /** Bytes received from the socket (after TLS). */
  default void bytesReceived(long bytes) {}

  /** The TCP connection is open, {@code connectNanos} after the connect began (name resolution excluded). */
  default void connected(long connectNanos) {}

  /**
   * A TLS handshake succeeded {@code handshakeNanos} after it began (after the 220 to STARTTLS; with
   * implicit TLS, from the start of the TCP connect).
   */
  default void tlsHandshake(long handshakeNanos) {}

  /** A session is ready (greeting, EHLO, TLS and AUTH done), {@code setupNanos} after the connect began. */
  default void sessionReady(long setupNanos) {}

  /** A connection closed; {@code failure} is null for a clean close. */
  default void connectionClosed(SmtpException failure) {}
}
