package dev.sluice.client;

import dev.sluice.codec.SmtpReply;
import java.net.InetSocketAddress;

/**
 * Two {@link SmtpMetrics} told the same things, in order (e.g. {@code sluice blast}'s own latency
 * histograms and a Micrometer binder). Each keeps its own per-message handle.
 */
final class BothMetrics implements SmtpMetrics {

  private final SmtpMetrics first;
  private final SmtpMetrics second;

  BothMetrics(SmtpMetrics first, SmtpMetrics second) {
    this.first = first;
    this.second = second;
  }

  /** The two handles of one message. */
  private record Handles(Object first, Object second) {}

  @Override
  public void reply(SmtpPhase phase, int code, long latencyNanos) {
    first.reply(phase, code, latencyNanos);
    second.reply(phase, code, latencyNanos);
  }

  @Override
  public void reply(SmtpPhase phase, SmtpReply reply, long sinceWrittenNanos, long serverNanos) {
    first.reply(phase, reply, sinceWrittenNanos, serverNanos);
    second.reply(phase, reply, sinceWrittenNanos, serverNanos);
  }

  @Override
  public void bytesSent(long bytes) {
    first.bytesSent(bytes);
    second.bytesSent(bytes);
  }

  @Override
  public void bytesReceived(long bytes) {
    first.bytesReceived(bytes);
    second.bytesReceived(bytes);
  }

  @Override
  public void connected(InetSocketAddress remote) {
    first.connected(remote);
    second.connected(remote);
  }

  @Override
  public void connected(long connectNanos) {
    first.connected(connectNanos);
    second.connected(connectNanos);
  }

  @Override
  public void setupFailed(SmtpException failure, long setupNanos) {
    first.setupFailed(failure, setupNanos);
    second.setupFailed(failure, setupNanos);
  }

  @Override
  public void tlsHandshake(TlsInfo tls, SmtpException failure, long handshakeNanos) {
    first.tlsHandshake(tls, failure, handshakeNanos);
    second.tlsHandshake(tls, failure, handshakeNanos);
  }

  @Override
  public void auth(String mechanism, SmtpException failure, long authNanos) {
    first.auth(mechanism, failure, authNanos);
    second.auth(mechanism, failure, authNanos);
  }

  @Override
  public void sessionReady(long setupNanos) {
    first.sessionReady(setupNanos);
    second.sessionReady(setupNanos);
  }

  @Override
  public void transaction(TransactionSummary summary) {
    first.transaction(summary);
    second.transaction(summary);
  }

  @Override
  public Object transactionSubmitted(Envelope envelope) {
    Object a = first.transactionSubmitted(envelope);
    Object b = second.transactionSubmitted(envelope);
    return a == null && b == null ? null : new Handles(a, b);
  }

  @Override
  public void transactionWritten(Object handle) {
    Handles h = handle instanceof Handles hs ? hs : null;
    first.transactionWritten(h == null ? null : h.first());
    second.transactionWritten(h == null ? null : h.second());
  }

  @Override
  public void transaction(TransactionSummary summary, Object handle) {
    Handles h = handle instanceof Handles hs ? hs : null;
    first.transaction(summary, h == null ? null : h.first());
    second.transaction(summary, h == null ? null : h.second());
  }

  @Override
  public void connectionClosed(SmtpException failure) {
    first.connectionClosed(failure);
    second.connectionClosed(failure);
  }
}
