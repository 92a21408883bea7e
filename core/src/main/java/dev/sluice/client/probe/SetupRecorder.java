package dev.sluice.client.probe;

import dev.sluice.client.SetupListener;
import dev.sluice.client.TlsInfo;
import dev.sluice.codec.EhloCapabilities;
import dev.sluice.codec.SmtpReply;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Notes what the client's setup reached and when ({@link System#nanoTime()}), so that each check
 * gets its own time and shows what the server said even when a later step failed. Written on the
 * event loop, read by the probe's thread: every field is volatile.
 */
final class SetupRecorder implements SetupListener {

  /** An event: what was received, and when. */
  record Event<T>(T value, long at) {}

  private final long started = System.nanoTime();
  private volatile Event<InetSocketAddress> connected;
  private volatile Event<SmtpReply> greeting;
  private volatile Event<EhloCapabilities> cleartextEhlo;
  private volatile Event<EhloCapabilities> tlsEhlo;
  private volatile Event<SmtpReply> startTls;
  private volatile Event<TlsInfo> tls;

  @Override
  public void connected(InetSocketAddress remote) {
    connected = new Event<>(remote, System.nanoTime());
  }

  @Override
  public void greeting(SmtpReply reply) {
    greeting = new Event<>(reply, System.nanoTime());
  }

  @Override
  public void ehlo(EhloCapabilities capabilities, boolean overTls) {
    Event<EhloCapabilities> e = new Event<>(capabilities, System.nanoTime());
    if (overTls) {
      tlsEhlo = e;
    } else {
      cleartextEhlo = e;
    }
  }

  @Override
  public void startTls(SmtpReply reply) {
    startTls = new Event<>(reply, System.nanoTime());
  }

  @Override
  public void tlsEstablished(TlsInfo info) {
    tls = new Event<>(info, System.nanoTime());
  }

  long started() {
    return started;
  }

  Event<InetSocketAddress> connected() {
    return connected;
  }

  Event<SmtpReply> greeting() {
    return greeting;
  }

  Event<EhloCapabilities> cleartextEhlo() {
    return cleartextEhlo;
  }

  Event<EhloCapabilities> tlsEhlo() {
    return tlsEhlo;
  }

  /** The first EHLO, whichever side of TLS it was on (implicit TLS has only one). */
  Event<EhloCapabilities> firstEhlo() {
    return cleartextEhlo != null ? cleartextEhlo : tlsEhlo;
  }

  Event<SmtpReply> startTls() {
    return startTls;
  }

  Event<TlsInfo> tls() {
    return tls;
  }

  /** The time between two instants of {@link System#nanoTime()}. */
  static Duration between(long from, long to) {
    return Duration.ofNanos(Math.max(0, to - from));
  }
}
