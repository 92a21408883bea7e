package dev.sluice.client;

import dev.sluice.codec.SmtpReply;

/** What the server said to one RCPT TO. */
public record RecipientResult(String address, SmtpReply reply) {

  public boolean accepted() {
    return reply.isPositive();
  }
}
