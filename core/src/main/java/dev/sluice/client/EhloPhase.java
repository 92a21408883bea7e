package dev.sluice.client;

import dev.sluice.codec.EhloCapabilities;
import dev.sluice.codec.SmtpCommands;
import java.util.concurrent.CompletableFuture;

/**
 * EHLO, and HELO when the server does not know EHLO — but only when TLS is not required, because
 * without EHLO there is no STARTTLS.
 */
final class EhloPhase {

  private EhloPhase() {}

  static CompletableFuture<EhloCapabilities> run(SmtpConnection conn, String heloName, boolean heloAllowed) {
    CompletableFuture<EhloCapabilities> done = conn.send(SmtpCommands.ehlo(heloName), SmtpPhase.EHLO)
        .thenCompose(reply -> {
          if (reply.code() == 250) {
            return CompletableFuture.completedFuture(EhloCapabilities.parse(reply));
          }
          boolean unknownCommand = reply.code() == 500 || reply.code() == 502;
          if (!unknownCommand || !heloAllowed) {
            throw new SmtpRejectedException(SmtpPhase.EHLO, "EHLO " + heloName, reply, null);
          }
          CompletableFuture<EhloCapabilities> helo = conn.send(SmtpCommands.helo(heloName), SmtpPhase.EHLO)
              .thenApply(heloReply -> {
                if (heloReply.code() != 250) {
                  throw new SmtpRejectedException(SmtpPhase.EHLO, "HELO " + heloName, heloReply, null);
                }
                return EhloCapabilities.NONE;
              });
          conn.flush();
          return helo;
        });
    conn.flush();
    return done;
  }
}
