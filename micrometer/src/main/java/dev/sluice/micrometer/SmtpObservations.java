package dev.sluice.micrometer;

import dev.sluice.client.Envelope;
import dev.sluice.client.SmtpException;
import dev.sluice.client.SmtpMetrics;
import dev.sluice.client.SmtpPhase;
import dev.sluice.client.TlsInfo;
import dev.sluice.client.TransactionSummary;
import dev.sluice.codec.SmtpReply;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One Micrometer {@link Observation} per message transaction, around another {@link SmtpMetrics}
 * (usually {@link SmtpClientMeters}) to which every hook is passed on. With Micrometer Tracing (an
 * OpenTelemetry or Brave bridge) each observation is a span named {@code smtp send}: it starts in
 * {@code SmtpSession.send}, on the caller's thread, so the caller's current observation is its
 * parent; the event {@value #WRITTEN} marks the end of the wait in the client (the time before it is
 * queued, after it on the wire); it stops at the server's last reply, with the error when there is
 * one.
 *
 * <p>Messages sent through a pool or a bulk sender are handed to a session from the pool's own
 * threads: their spans have no parent (the caller's context does not travel through the queue).
 */
public final class SmtpObservations implements SmtpMetrics {

  /** The observation's name, and the prefix of its key values. */
  public static final String NAME = "sluice.transaction";
  /** The event that ends the time queued in the client. */
  public static final String WRITTEN = "sluice.transaction.written";

  private static final Observation.Event WRITTEN_EVENT = Observation.Event.of(WRITTEN,
      "first command written: the message's wait in the client is over");

  private final SmtpMetrics delegate;
  private final ObservationRegistry registry;
  private final String host;
  private final String port;

  /**
   * @param delegate the metrics every hook is also passed to (may be a no-op {@code new SmtpMetrics() {}})
   * @param host the server, for the {@code server.address} key value
   */
  public SmtpObservations(SmtpMetrics delegate, ObservationRegistry registry, String host, int port) {
    this.delegate = delegate;
    this.registry = registry;
    this.host = host;
    this.port = Integer.toString(port);
  }

  @Override
  public Object transactionSubmitted(Envelope envelope) {
    delegate.transactionSubmitted(envelope);
    if (registry.isNoop()) {
      return null;
    }
    return Observation.createNotStarted(NAME, registry).contextualName("smtp send")
        .lowCardinalityKeyValue("server.address", host)
        .lowCardinalityKeyValue("server.port", port)
        .highCardinalityKeyValue("smtp.recipients", Integer.toString(envelope.recipients().size()))
        .start();
  }

  @Override
  public void transactionWritten(Object handle) {
    if (handle instanceof Observation o) {
      o.event(WRITTEN_EVENT);
    }
  }

  @Override
  public void transaction(TransactionSummary s, Object handle) {
    delegate.transaction(s, null);
    if (handle instanceof Observation o) {
      o.lowCardinalityKeyValue("smtp.result", Reasons.lower(s.result().name()))
          .highCardinalityKeyValue("smtp.accepted_recipients", Integer.toString(s.acceptedRecipients()))
          .highCardinalityKeyValue("smtp.message.size", Long.toString(s.size()))
          .highCardinalityKeyValue("smtp.queued.ms", Long.toString(TimeUnit.NANOSECONDS.toMillis(s.queuedNanos())))
          .highCardinalityKeyValue("smtp.wire.ms", Long.toString(TimeUnit.NANOSECONDS.toMillis(s.wireNanos())));
      if (s.failure() != null) {
        o.error(s.failure());
      }
      o.stop();
    }
  }

  // Every other hook goes to the delegate unchanged.

  @Override
  public void reply(SmtpPhase phase, SmtpReply reply, long sinceWrittenNanos, long serverNanos) {
    delegate.reply(phase, reply, sinceWrittenNanos, serverNanos);
  }

  @Override
  public void bytesSent(long bytes) {
    delegate.bytesSent(bytes);
  }

  @Override
  public void bytesReceived(long bytes) {
    delegate.bytesReceived(bytes);
  }

  @Override
  public void connected(InetSocketAddress remote) {
    delegate.connected(remote);
  }

  @Override
  public void setupFailed(SmtpException failure, long setupNanos) {
    delegate.setupFailed(failure, setupNanos);
  }

  @Override
  public void tlsHandshake(TlsInfo tls, SmtpException failure, long handshakeNanos) {
    delegate.tlsHandshake(tls, failure, handshakeNanos);
  }

  @Override
  public void auth(String mechanism, SmtpException failure, long authNanos) {
    delegate.auth(mechanism, failure, authNanos);
  }

  @Override
  public void sessionReady(long setupNanos) {
    delegate.sessionReady(setupNanos);
  }

  @Override
  public void connectionClosed(SmtpException failure) {
    delegate.connectionClosed(failure);
  }
}
