package dev.sluice.client;

import dev.sluice.codec.SmtpCommands;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * STARTTLS with the invariants that keep it safe (RFC 3207 and the lessons of CVE-2011-0411 and the
 * NO-STARTTLS research):
 *
 * <ol>
 *   <li>STARTTLS is sent alone: nothing else is pending or written with it.
 *   <li>Only a 220 starts TLS; any other reply is a failure for the caller to judge (never a silent
 *       continuation in cleartext when TLS is required).
 *   <li>At the 220, nothing else may have arrived: not another reply, not a byte. Anything there was
 *       injected before the handshake and would otherwise be read as if it came through TLS.
 *   <li>Our SslHandler goes first in the pipeline (after only {@link Arrivals}, which counts raw
 *       bytes and holds none), on the event loop, with SNI and host name verification, and the
 *       handshake has its own timeout.
 *   <li>The caller forgets everything learned before TLS and says EHLO again.
 * </ol>
 */
final class StartTlsPhase {

  /** The server answered STARTTLS with something other than 220. */
  static final class Refused extends RuntimeException {
    final dev.sluice.codec.SmtpReply reply;

    Refused(dev.sluice.codec.SmtpReply reply) {
      super("STARTTLS refused: " + reply, null, false, false);
      this.reply = reply;
    }
  }

  /** Name of the raw byte counter at the head of every client pipeline; TLS goes right after it. */
  static final String ARRIVALS = "arrivals";

  private StartTlsPhase() {}

  static CompletableFuture<TlsInfo> run(SmtpConnection conn, SslContext ssl, String host, int port,
      long handshakeTimeoutMillis, String provider, SetupListener listener) {
    if (conn.pendingReplies() != 0) {
      throw new IllegalStateException("STARTTLS must be sent alone; " + conn.pendingReplies() + " replies pending");
    }
    CompletableFuture<TlsInfo> done = conn.send(SmtpCommands.startTls(), SmtpPhase.STARTTLS).thenCompose(reply -> {
      if (reply.code() != 220) {
        throw new Refused(reply);
      }
      int injected = conn.bufferedBytes();
      int queued = conn.pendingReplies();
      if (injected != 0 || queued != 0) {
        throw new StartTlsInjectionException(injected, queued);
      }
      CompletableFuture<TlsInfo> handshaken = handshake(conn, ssl, host, port, handshakeTimeoutMillis, provider);
      // Told only now, with our SslHandler in place: nothing the listener does can let cleartext in.
      listener.startTls(reply);
      return handshaken;
    });
    conn.flush();
    return done;
  }

  /** Inserts our SslHandler first in the pipeline and completes when the handshake has. */
  private static CompletableFuture<TlsInfo> handshake(SmtpConnection conn, SslContext ssl, String host, int port,
      long timeoutMillis, String provider) {
    SslHandler handler = newHandler(conn.channel(), ssl, host, port, timeoutMillis);
    ChannelPipeline pipeline = conn.channel().pipeline();
    if (pipeline.get(ARRIVALS) != null) {
      pipeline.addAfter(ARRIVALS, "tls", handler);
    } else {
      pipeline.addFirst("tls", handler);
    }
    conn.startTlsUsed();
    conn.trace("TLS handshake started (STARTTLS)");
    return whenHandshaken(conn, handler, provider, false);
  }

  static SslHandler newHandler(io.netty.channel.Channel channel, SslContext ssl, String host, int port,
      long timeoutMillis) {
    SslHandler handler = ssl.newHandler(channel.alloc(), host, port);
    handler.setHandshakeTimeoutMillis(timeoutMillis);
    return handler;
  }

  /**
   * Completes with the session when the handshake succeeds; on failure the connection fails with
   * the classified error (expired, untrusted, wrong host…) and so does the future.
   */
  static CompletableFuture<TlsInfo> whenHandshaken(SmtpConnection conn, SslHandler handler, String provider,
      boolean implicit) {
    CompletableFuture<TlsInfo> done = new CompletableFuture<>();
    long began = System.nanoTime();
    handler.handshakeFuture().addListener(f -> {
      if (f.isSuccess()) {
        conn.handshakeDone(System.nanoTime() - began);
        SSLEngine engine = handler.engine();
        SSLSession session = engine.getSession();
        java.util.List<java.security.cert.X509Certificate> chain = new java.util.ArrayList<>();
        try {
          for (java.security.cert.Certificate c : session.getPeerCertificates()) {
            chain.add((java.security.cert.X509Certificate) c);
          }
        } catch (javax.net.ssl.SSLPeerUnverifiedException ignored) {
          // insecure mode against a server without a certificate: nothing to show
        }
        done.complete(new TlsInfo(session.getProtocol(), session.getCipherSuite(), chain, provider, implicit));
        conn.trace("TLS established: " + session.getProtocol() + " " + session.getCipherSuite());
      } else {
        SmtpException error = conn.classify(f.cause(), SmtpPhase.TLS_HANDSHAKE);
        conn.fail(error);
        done.completeExceptionally(error);
      }
    });
    return done;
  }
}
