package dev.sluice.client;

import dev.sluice.codec.EhloCapabilities;
import dev.sluice.codec.SmtpCommands;
import dev.sluice.codec.SmtpReply;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.CompletableFuture;

/**
 * Greeting → EHLO → STARTTLS → EHLO → AUTH, each phase a small class with its own timeout; one
 * future for "session ready". On failure the connection is closed (after QUIT when the server is
 * still listening) and the future fails with a typed error.
 */
final class SessionSetup {

  private final SmtpConnection conn;
  private final SmtpClientConfig config;
  private final SslContext ssl;
  private final String tlsProvider;
  private final SetupListener listener;

  private SmtpReply greeting;
  private TlsInfo tls;

  SessionSetup(SmtpConnection conn, SmtpClientConfig config, SslContext ssl, String tlsProvider,
      SetupListener listener) {
    this.conn = conn;
    this.config = config;
    this.ssl = ssl;
    this.tlsProvider = tlsProvider;
    this.listener = listener;
  }

  /** Runs the setup; {@code implicitTls} is the handshake of an implicit-TLS connection, or null. */
  CompletableFuture<SessionInfo> run(CompletableFuture<SmtpReply> greetingSlot, CompletableFuture<TlsInfo> implicitTls) {
    CompletableFuture<Void> connected = implicitTls == null ? CompletableFuture.completedFuture(null)
        : implicitTls.thenAccept(this::tlsEstablished);
    CompletableFuture<SessionInfo> ready = connected
        .thenCompose(x -> GreetingPhase.run(conn, greetingSlot.thenApply(g -> {
          listener.greeting(g);
          return g;
        })))
        .thenCompose(g -> {
          greeting = g;
          return ehlo(!config.tlsMode().requiresTls());
        })
        .thenCompose(this::secure)
        .thenCompose(caps -> AuthPhase.run(conn, config, caps, tls != null).thenApply(mechanism ->
            new SessionInfo(greeting, caps, tls, mechanism, mechanism == null ? null : config.credentials().user())));
    return ready.handle((info, error) -> {
      if (error == null) {
        conn.trace("session ready");
        return CompletableFuture.completedFuture(info);
      }
      SmtpException failure = conn.classify(error, SmtpPhase.CONNECT);
      if (conn.failure() != null && !(Futures.unwrap(error) instanceof SmtpException)) {
        failure = conn.failure();
      }
      abandon(failure);
      return Futures.<SessionInfo>failed(failure);
    }).thenCompose(f -> f);
  }

  /** STARTTLS when the mode asks for it; returns the capabilities to use from here on. */
  private CompletableFuture<EhloCapabilities> secure(EhloCapabilities caps) {
    TlsMode mode = config.tlsMode();
    if (mode == TlsMode.IMPLICIT || mode == TlsMode.NONE) {
      return CompletableFuture.completedFuture(caps);
    }
    if (!caps.startTls()) {
      if (mode == TlsMode.STARTTLS_REQUIRED) {
        throw new SmtpTlsException(SmtpTlsException.Reason.STARTTLS_NOT_OFFERED, SmtpPhase.STARTTLS,
            "its EHLO reply lists " + caps.keywords(), null);
      }
      conn.trace("STARTTLS not offered: continuing in cleartext (opportunistic)");
      return CompletableFuture.completedFuture(caps);
    }
    return StartTlsPhase.run(conn, ssl, config.host(), config.port(), config.timeouts().tlsHandshake().toMillis(),
        tlsProvider, listener).handle((t, error) -> {
          if (error == null) {
            tlsEstablished(t);
            // Invariant 5: forget what was learned in cleartext; only the new EHLO counts.
            return ehlo(false);
          }
          Throwable cause = Futures.unwrap(error);
          if (cause instanceof StartTlsPhase.Refused refused) {
            if (mode == TlsMode.STARTTLS_REQUIRED) {
              throw new SmtpTlsException(SmtpTlsException.Reason.STARTTLS_REFUSED, SmtpPhase.STARTTLS,
                  refused.reply.toString(), null);
            }
            conn.trace("STARTTLS refused (" + refused.reply + "): continuing in cleartext (opportunistic)");
            return CompletableFuture.completedFuture(caps);
          }
          throw cause instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(cause);
        }).thenCompose(f -> f);
  }

  private CompletableFuture<EhloCapabilities> ehlo(boolean heloAllowed) {
    return EhloPhase.run(conn, config.heloName(), heloAllowed).thenApply(caps -> {
      listener.ehlo(caps, tls != null);
      return caps;
    });
  }

  private void tlsEstablished(TlsInfo t) {
    tls = t;
    listener.tlsEstablished(t);
  }

  /** Ends a failed setup: QUIT if the server is still there and we are in step, then close. */
  private void abandon(SmtpException failure) {
    if (conn.isHealthy() && conn.pendingReplies() == 0 && !(failure instanceof StartTlsInjectionException)) {
      conn.send(SmtpCommands.quit(), SmtpPhase.QUIT);
    }
    if (!(failure instanceof StartTlsInjectionException)) {
      conn.flushBeforeClose(); // the QUIT written here or by the greeting phase
    }
    conn.fail(failure);
  }
}
