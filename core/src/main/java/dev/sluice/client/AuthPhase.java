package dev.sluice.client;

import dev.sluice.client.sasl.CramMd5;
import dev.sluice.client.sasl.Login;
import dev.sluice.client.sasl.OAuthBearer;
import dev.sluice.client.sasl.Plain;
import dev.sluice.client.sasl.SaslException;
import dev.sluice.client.sasl.SaslMechanism;
import dev.sluice.client.sasl.XOAuth2;
import dev.sluice.codec.EhloCapabilities;
import dev.sluice.codec.SaslResponse;
import dev.sluice.codec.SmtpCommands;
import dev.sluice.codec.SmtpReply;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * AUTH (RFC 4954): picks the first configured mechanism the server offers (after TLS), refuses to
 * send credentials in cleartext unless allowed, sends the initial response with AUTH only when the
 * line stays within SMTP's 512 octets (RFC 4954 4; longer ones answer the first, empty 334), answers at most {@value #MAX_ROUNDS} challenges, and for
 * OAuth asks the token source again once after a 535 (the token may just have expired).
 */
final class AuthPhase {

  static final int MAX_ROUNDS = 8;
  /**
   * RFC 4954 4: the AUTH command stays within SMTP's line limit (RFC 5321 4.5.3.1.4: 512 octets
   * with CRLF); an initial response that would exceed it is sent after the first 334 instead. (The
   * 12288 octets of RFC 4954 bound the SASL response lines, which a server must accept.)
   */
  static final int MAX_AUTH_LINE = 512;

  private final SmtpConnection conn;
  private final SmtpClientConfig config;
  private final Executor eventLoop;

  private AuthPhase(SmtpConnection conn, SmtpClientConfig config) {
    this.conn = conn;
    this.config = config;
    this.eventLoop = conn.channel().eventLoop();
  }

  /** Completes with the mechanism used, or null when no credentials are configured. */
  static CompletableFuture<String> run(SmtpConnection conn, SmtpClientConfig config, EhloCapabilities caps,
      boolean tls) {
    if (config.credentials() == null) {
      return CompletableFuture.completedFuture(null);
    }
    return new AuthPhase(conn, config).authenticate(caps, tls);
  }

  private CompletableFuture<String> authenticate(EhloCapabilities caps, boolean tls) {
    Set<String> offered = caps.authMechanisms();
    if (!tls && !config.allowCleartextAuth()) {
      throw new SmtpAuthenticationException(SmtpAuthenticationException.Reason.CLEARTEXT_REFUSED, null, null,
          "refusing to send credentials over a connection without TLS",
          "use TLS (--tls starttls or --tls implicit); credentials are never sent in cleartext by the CLI "
              + "(only the library's allowCleartextAuth(true), for test servers, allows it)", null);
    }
    List<String> wanted = config.effectiveMechanisms();
    String mechanism = wanted.stream().filter(offered::contains).findFirst().orElseThrow(() ->
        new SmtpAuthenticationException(SmtpAuthenticationException.Reason.NO_COMMON_MECHANISM, null, null,
            "no common AUTH mechanism: the server offers " + (offered.isEmpty() ? "none" : offered)
                + ", we may use " + wanted,
            offered.isEmpty() ? "the server does not offer AUTH here (it may only after STARTTLS, or not on this port)"
                : "allow one of the offered mechanisms", null));
    return attempt(mechanism, false);
  }

  private CompletableFuture<String> attempt(String mechanism, boolean refreshed) {
    return mechanismFor(mechanism, refreshed).thenCompose(sasl -> exchange(sasl).thenCompose(reply -> {
      if (reply.code() == 235) {
        return CompletableFuture.completedFuture(mechanism);
      }
      boolean oauth = config.credentials() instanceof Credentials.OAuth;
      if (oauth && !refreshed && reply.code() == 535) {
        conn.trace("token rejected; asking the token source for a fresh one");
        return attempt(mechanism, true);
      }
      throw rejected(mechanism, reply);
    }));
  }

  private SmtpAuthenticationException rejected(String mechanism, SmtpReply reply) {
    return new SmtpAuthenticationException(SmtpAuthenticationException.Reason.REJECTED, mechanism, reply,
        "authentication as " + config.credentials().user() + " with " + mechanism + " failed: " + reply,
        ReplyHints.hintFor(SmtpPhase.AUTH, reply), null);
  }

  /** Builds the mechanism; for OAuth, first gets a token off the event loop. */
  private CompletableFuture<SaslMechanism> mechanismFor(String name, boolean refresh) {
    Credentials creds = config.credentials();
    if (creds instanceof Credentials.Password p) {
      return CompletableFuture.completedFuture(switch (name) {
        case "PLAIN" -> new Plain(p.user(), p.password());
        case "LOGIN" -> new Login(p.user(), p.password());
        case "CRAM-MD5" -> new CramMd5(p.user(), p.password());
        default -> throw unsupported(name, "a password");
      });
    }
    Credentials.OAuth o = (Credentials.OAuth) creds;
    return withinTokenTimeout(CompletableFuture.supplyAsync(() -> {
      try {
        return o.tokens().token(refresh);
      } catch (Exception e) {
        throw new SmtpAuthenticationException(SmtpAuthenticationException.Reason.TOKEN_UNAVAILABLE, name, null,
            "the OAuth token source failed: " + e.getMessage(), "check the token variable, file or command", e);
      }
    }, BlockingIo.EXECUTOR)).thenApplyAsync(token -> switch (name) {
      case "XOAUTH2" -> (SaslMechanism) new XOAuth2(o.user(), token);
      case "OAUTHBEARER" -> new OAuthBearer(o.user(), token, config.host(), config.port());
      default -> throw unsupported(name, "an OAuth token");
    }, eventLoop);
  }

  /**
   * The token fetch is a phase of its own: no reply slot covers it, so it gets its own timer (the
   * command timeout), on the connection's event loop. A source that never answers fails the setup
   * instead of holding it open.
   */
  private CompletableFuture<String> withinTokenTimeout(CompletableFuture<String> fetch) {
    java.time.Duration limit = conn.timeouts().of(SmtpPhase.TOKEN);
    io.netty.util.concurrent.ScheduledFuture<?> timer = conn.channel().eventLoop().schedule(
        () -> fetch.completeExceptionally(new SmtpTimeoutException(SmtpPhase.TOKEN, limit, false)),
        limit.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    fetch.whenComplete((t, e) -> timer.cancel(false));
    return fetch;
  }

  private static SmtpAuthenticationException unsupported(String name, String what) {
    return new SmtpAuthenticationException(SmtpAuthenticationException.Reason.NO_COMMON_MECHANISM, name, null,
        "mechanism " + name + " cannot be used with " + what, "configure a mechanism that fits the credentials", null);
  }

  /** Runs the exchange; completes with the final (non-334) reply. */
  private CompletableFuture<SmtpReply> exchange(SaslMechanism sasl) {
    byte[] initial = sasl.initialResponse();
    String ir = initial == null ? null : Base64.getEncoder().encodeToString(initial);
    CompletableFuture<SmtpReply> first;
    if (ir != null && "AUTH ".length() + sasl.name().length() + 1 + ir.length() + 2 <= MAX_AUTH_LINE) {
      first = conn.send(SmtpCommands.auth(sasl.name(), ir), SmtpPhase.AUTH);
    } else {
      first = conn.send(SmtpCommands.auth(sasl.name()), SmtpPhase.AUTH);
      if (ir != null) {
        // Too long for the AUTH line: the initial response answers the server's first (empty) 334.
        sasl = new Prepended(sasl, initial);
      }
    }
    conn.flush();
    return rounds(sasl, first, 0);
  }

  private CompletableFuture<SmtpReply> rounds(SaslMechanism sasl, CompletableFuture<SmtpReply> reply, int round) {
    return reply.thenCompose(r -> {
      if (r.code() != 334) {
        return CompletableFuture.completedFuture(r);
      }
      if (round >= MAX_ROUNDS) {
        return cancel(sasl, SmtpAuthenticationException.Reason.TOO_MANY_ROUNDS,
            "the server sent more than " + MAX_ROUNDS + " challenges");
      }
      byte[] challenge;
      try {
        challenge = Base64.getDecoder().decode(r.line(0).trim());
      } catch (IllegalArgumentException e) {
        return cancel(sasl, SmtpAuthenticationException.Reason.BAD_CHALLENGE, "the challenge is not valid base64");
      }
      byte[] answer;
      try {
        answer = sasl.respond(challenge);
      } catch (SaslException e) {
        // Every mechanism knows how many challenges it answers; one more is an exchange gone on too long.
        return cancel(sasl, SmtpAuthenticationException.Reason.TOO_MANY_ROUNDS, e.getMessage());
      }
      CompletableFuture<SmtpReply> next = conn.send(
          new SaslResponse(answer.length == 0 ? "" : Base64.getEncoder().encodeToString(answer)), SmtpPhase.AUTH);
      conn.flush();
      return rounds(sasl, next, round + 1);
    });
  }

  /** Sends "*" (RFC 4954 4), waits for the server's answer to it, then fails. */
  private CompletableFuture<SmtpReply> cancel(SaslMechanism sasl, SmtpAuthenticationException.Reason reason,
      String why) {
    CompletableFuture<SmtpReply> ack = conn.send(SaslResponse.CANCEL, SmtpPhase.AUTH);
    conn.flush();
    return ack.handle((r, e) -> {
      throw new SmtpAuthenticationException(reason, sasl.name(), null, "authentication with " + sasl.name()
          + " abandoned: " + why, "the server's SASL implementation misbehaves; try another mechanism", null);
    });
  }

  /** A mechanism whose initial response is sent as the answer to the first, empty challenge. */
  private record Prepended(SaslMechanism inner, byte[] initial, boolean[] used) implements SaslMechanism {
    Prepended(SaslMechanism inner, byte[] initial) {
      this(inner, initial, new boolean[1]);
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public byte[] initialResponse() {
      return null;
    }

    @Override
    public byte[] respond(byte[] challenge) throws SaslException {
      if (!used[0]) {
        used[0] = true;
        return initial;
      }
      return inner.respond(challenge);
    }
  }
}
