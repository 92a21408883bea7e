package dev.sluice.client;

import dev.sluice.codec.SmtpReply;
import java.net.InetSocketAddress;

/**
 * Metrics hooks, called on event loops: implementations must be quick, thread-safe and must not
 * block (add to counters or histograms, nothing more). Every method has an empty default, so a new
 * hook never breaks an implementation. {@code sluice-micrometer} implements them all.
 */
public interface SmtpMetrics {

  /**
   * Both, told the same things in this order; {@code first} alone when {@code second} is null
   * (and the other way round).
   */
  static SmtpMetrics both(SmtpMetrics first, SmtpMetrics second) {
    return first == null ? second : second == null ? first : new BothMetrics(first, second);
  }

  /** A reply arrived {@code latencyNanos} after its command was written (or its slot opened). */
  default void reply(SmtpPhase phase, int code, long latencyNanos) {}

  /**
   * A reply arrived. {@code sinceWrittenNanos} counts from the moment its command was written
   * (for a pipelined command that includes the server's time on the commands before it);
   * {@code serverNanos} counts from the later of that moment and the previous reply, which is the
   * time the server spent on this command alone. The default calls
   * {@link #reply(SmtpPhase, int, long)} with {@code sinceWrittenNanos}.
   */
  default void reply(SmtpPhase phase, SmtpReply reply, long sinceWrittenNanos, long serverNanos) {
    reply(phase, reply.code(), sinceWrittenNanos);
  }

  /** Bytes handed to the socket (before TLS). */
  default void bytesSent(long bytes) {}

  /** Bytes received from the socket (after TLS). */
  default void bytesReceived(long bytes) {}

  /** The TCP connection to {@code remote} is open; the session setup begins. */
  default void connected(InetSocketAddress remote) {}

  /**
   * A connection attempt ended before its session was ready: DNS, TCP connect, greeting, TLS, AUTH
   * or a timeout ({@link SmtpException#phase()} says where, the exception type and reason say why).
   */
  default void setupFailed(SmtpException failure, long setupNanos) {}

  /**
   * A TLS handshake ended (implicit TLS or after STARTTLS's 220): {@code tls} on success,
   * {@code failure} otherwise.
   */
  default void tlsHandshake(TlsInfo tls, SmtpException failure, long handshakeNanos) {}

  /**
   * An AUTH exchange ended: {@code failure} is null when the server accepted it. {@code mechanism}
   * is null when no mechanism could be chosen.
   */
  default void auth(String mechanism, SmtpException failure, long authNanos) {}

  /**
   * The TCP connection is open, {@code connectNanos} after the connect began (name resolution
   * excluded): the connect latency, next to {@link #connected(InetSocketAddress)}'s where.
   */
  default void connected(long connectNanos) {}

  /** A session is ready (greeting, EHLO, TLS and AUTH done), {@code setupNanos} after the connect began. */
  default void sessionReady(long setupNanos) {}

  /** A message transaction on a session ended (one call per {@link SmtpSession#send}). */
  default void transaction(TransactionSummary summary) {}

  /**
   * A message was handed to {@link SmtpSession#send}, on the caller's thread (so that a tracing
   * context of the caller can be picked up). What this returns is handed back to
   * {@link #transactionWritten} and {@link #transaction(TransactionSummary, Object)} for this
   * message: a span, an observation. The default returns null.
   */
  default Object transactionSubmitted(Envelope envelope) {
    return null;
  }

  /** The transaction's first command is being written: its wait in the client is over. */
  default void transactionWritten(Object handle) {}

  /**
   * A message transaction ended; {@code handle} is what {@link #transactionSubmitted} returned.
   * The default calls {@link #transaction(TransactionSummary)}.
   */
  default void transaction(TransactionSummary summary, Object handle) {
    transaction(summary);
  }

  /** A connection closed; {@code failure} is null for a clean close. */
  default void connectionClosed(SmtpException failure) {}
}
