package dev.sluice.client;

import dev.sluice.codec.EhloCapabilities;
import dev.sluice.codec.SmtpReply;
import java.net.InetSocketAddress;

/** Calls a user's {@link SetupListener} so that an exception there cannot break the session setup. */
final class SafeSetupListener implements SetupListener {

  private static final System.Logger LOG = System.getLogger(LoggerNames.SESSION);

  private final SetupListener delegate;

  private SafeSetupListener(SetupListener delegate) {
    this.delegate = delegate;
  }

  static SetupListener of(SetupListener listener) {
    return listener == null || listener == SetupListener.NONE ? SetupListener.NONE : new SafeSetupListener(listener);
  }

  @Override
  public void connected(InetSocketAddress remote) {
    guard(() -> delegate.connected(remote));
  }

  @Override
  public void greeting(SmtpReply reply) {
    guard(() -> delegate.greeting(reply));
  }

  @Override
  public void ehlo(EhloCapabilities capabilities, boolean tls) {
    guard(() -> delegate.ehlo(capabilities, tls));
  }

  @Override
  public void startTls(SmtpReply reply) {
    guard(() -> delegate.startTls(reply));
  }

  @Override
  public void tlsEstablished(TlsInfo tls) {
    guard(() -> delegate.tlsEstablished(tls));
  }

  private static void guard(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a SetupListener threw; ignored", e);
    }
  }
}
