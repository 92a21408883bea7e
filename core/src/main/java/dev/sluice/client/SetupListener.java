package dev.sluice.client;

import dev.sluice.codec.EhloCapabilities;
import dev.sluice.codec.SmtpReply;
import java.net.InetSocketAddress;

/**
 * Hears each step of a session's setup as it succeeds, in order: for diagnostics
 * ({@code sluice probe} times every step and shows what the server said before something failed),
 * logging or metrics. Pass one to {@link SmtpClient#connect(SetupListener)}.
 *
 * <p>A step that fails is not announced here: the future returned by {@code connect} fails with the
 * typed error, whose {@link SmtpException#phase()} names the step. Methods run on the connection's
 * event loop and must return quickly (never block); an exception thrown here is logged and
 * otherwise ignored, so a listener cannot break a session.
 */
public interface SetupListener {

  /** Hears nothing. */
  SetupListener NONE = new SetupListener() {};

  /** The TCP connection to {@code remote} is open (after any earlier addresses refused it). */
  default void connected(InetSocketAddress remote) {}

  /** The server's greeting arrived, whatever its code (only a 220 lets the setup go on). */
  default void greeting(SmtpReply reply) {}

  /**
   * EHLO (or HELO, then with {@link EhloCapabilities#NONE}) was accepted.
   *
   * @param tls whether this EHLO went over TLS; after STARTTLS only these capabilities count
   */
  default void ehlo(EhloCapabilities capabilities, boolean tls) {}

  /** The server answered STARTTLS with 220 and nothing was injected: the TLS handshake starts. */
  default void startTls(SmtpReply reply) {}

  /** The TLS handshake succeeded and the certificate passed every check. */
  default void tlsEstablished(TlsInfo tls) {}
}
