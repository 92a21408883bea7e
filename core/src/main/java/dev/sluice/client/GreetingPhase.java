package dev.sluice.client;

import dev.sluice.codec.SmtpCommands;
import dev.sluice.codec.SmtpReply;
import java.util.concurrent.CompletableFuture;

/**
 * Waits for the server's greeting (RFC 5321 3.1): 220 goes on; 554 or 521 ("no service here") gets
 * a polite QUIT and fails; 421 fails as transient; anything else fails.
 */
final class GreetingPhase {

  private GreetingPhase() {}

  /** {@code greeting} is the slot added when the connection was made, before any byte could arrive. */
  static CompletableFuture<SmtpReply> run(SmtpConnection conn, CompletableFuture<SmtpReply> greeting) {
    return greeting.thenApply(reply -> {
      if (reply.code() == 220) {
        return reply;
      }
      if (reply.code() == 554 || reply.code() == 521) {
        conn.send(SmtpCommands.quit(), SmtpPhase.QUIT);
        conn.flush();
      }
      throw new SmtpRejectedException(SmtpPhase.GREETING, "the connection", reply, null);
    });
  }
}
