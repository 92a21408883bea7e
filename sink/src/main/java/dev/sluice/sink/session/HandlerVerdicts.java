package dev.sluice.sink.session;

import dev.sluice.sink.Recipient;
import dev.sluice.sink.StoredMessage;
import dev.sluice.sink.handler.MessageHandler;
import dev.sluice.sink.handler.Verdict;
import java.lang.System.Logger.Level;

/**
 * Asks the sink's {@link MessageHandler} and applies its verdict: a delay is queued before the
 * reply (the reply queue holds later replies back, in order), a refusal replaces the normal reply.
 */
final class HandlerVerdicts {

  private static final System.Logger LOG = System.getLogger(HandlerVerdicts.class.getName());

  private HandlerVerdicts() {}

  /** True when the handler refused the recipient (the refusal is queued). */
  static boolean refusedRecipient(SessionState s, String from, Recipient recipient) {
    MessageHandler h = s.settings.handler;
    if (h == null) {
      return false;
    }
    Verdict v;
    try {
      v = h.recipient(from, recipient);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "sink: the message handler failed on a recipient", e);
      v = Verdict.reject(451, "4.3.0 handler error");
    }
    return apply(s, v);
  }

  /** True when the handler refused the message (the refusal is queued). */
  static boolean refusedMessage(SessionState s, StoredMessage message) {
    MessageHandler h = s.settings.handler;
    if (h == null) {
      return false;
    }
    Verdict v;
    try {
      v = h.message(message);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "sink: the message handler failed on a message", e);
      v = Verdict.reject(451, "4.3.0 handler error");
    }
    return apply(s, v);
  }

  private static boolean apply(SessionState s, Verdict v) {
    if (v == null) {
      return false;
    }
    if (!v.delay().isZero()) {
      s.out.delay(v.delay());
    }
    if (v.accepted()) {
      return false;
    }
    s.reply(Replies.raw(v.code(), v.text()));
    if (v.code() == 421) {
      s.disconnect(); // RFC 5321 3.8: 421 means the server is closing the connection
    }
    return true;
  }
}
