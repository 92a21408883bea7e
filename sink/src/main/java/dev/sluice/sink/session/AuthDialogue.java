package dev.sluice.sink.session;

import dev.sluice.sink.AuthMechanism;
import dev.sluice.sink.AuthSettings;
import dev.sluice.sink.auth.LoginExchange;
import dev.sluice.sink.auth.PlainExchange;
import dev.sluice.sink.auth.SaslExchange;
import dev.sluice.sink.auth.SaslStep;
import dev.sluice.sink.auth.XOAuth2Exchange;

/** AUTH (RFC 4954): checks when it is allowed, then runs one SASL exchange to its end. */
final class AuthDialogue {

  private final SessionState s;
  private final Replies replies;
  private SaslExchange exchange;

  AuthDialogue(SessionState s) {
    this.s = s;
    this.replies = s.replies;
  }

  /** The AUTH command: {@code AUTH mechanism [initial-response]}. */
  void command(String argument) {
    AuthSettings auth = s.settings.config.auth();
    if (!auth.enabled()) {
      s.reply(replies.authNotEnabled);
    } else if (s.helo == null) {
      s.reply(replies.needHelo);
    } else if (s.user != null) {
      s.reply(replies.authAlready);
    } else if (s.tx.open()) {
      s.reply(replies.authInTransaction);
    } else if (!s.settings.config.authOffered(s.tlsActive)) {
      s.reply(replies.authNeedsTls);
    } else {
      int sp = argument.indexOf(' ');
      String name = sp < 0 ? argument : argument.substring(0, sp);
      String initialResponse = sp < 0 ? null : argument.substring(sp + 1);
      AuthMechanism mechanism = offered(auth, name);
      if (name.isEmpty()) {
        s.reply(replies.authSyntax);
      } else if (mechanism == null) {
        s.reply(replies.authUnknownMechanism);
      } else {
        exchange = switch (mechanism) {
          case PLAIN -> new PlainExchange(auth.credentials());
          case LOGIN -> new LoginExchange(auth.credentials());
          case XOAUTH2 -> new XOAuth2Exchange(auth.credentials());
        };
        step(exchange.start(initialResponse));
      }
    }
  }

  /** A line while a challenge is outstanding: the client's response, or {@code *} to cancel. */
  void response(String line) {
    if (line.equals("*")) {
      end();
      s.reply(replies.authCancelled);
    } else {
      step(exchange.next(line));
    }
  }

  /** A line the decoder refused while a challenge is outstanding. */
  void malformed() {
    end();
    failed(replies.authMalformed);
  }

  private void step(SaslStep step) {
    if (step instanceof SaslStep.Challenge c) {
      s.phase = Phase.AUTH;
      s.decoder.saslResponse(true);
      s.reply(Replies.challenge(c.base64()));
    } else if (step instanceof SaslStep.Success ok) {
      end();
      s.user = ok.user();
      s.counters.authSuccesses.increment();
      s.reply(replies.authOk);
    } else {
      end();
      failed(step == SaslStep.Failure.MALFORMED ? replies.authMalformed : replies.authFailed);
    }
  }

  /**
   * A failed attempt: answered late (a password guesser gets few tries a second; the reply queue
   * stops reading meanwhile), and the last one allowed gets 421 and the connection closed.
   */
  private void failed(byte[] reply) {
    s.counters.authFailures.increment();
    s.authFailures++;
    dev.sluice.sink.Limits limits = s.settings.config.limits();
    if (!limits.authFailureDelay().isZero()) {
      s.out.delay(limits.authFailureDelay());
    }
    if (s.authFailures >= limits.maxAuthFailures()) {
      s.reply(replies.tooManyAuthFailures);
      s.disconnect();
    } else {
      s.reply(reply);
    }
  }

  private void end() {
    exchange = null;
    s.decoder.saslResponse(false);
    s.phase = Phase.COMMANDS;
  }

  private static AuthMechanism offered(AuthSettings auth, String name) {
    for (AuthMechanism m : auth.mechanisms()) {
      if (m.name().equalsIgnoreCase(name)) {
        return m;
      }
    }
    return null;
  }
}
