package dev.sluice.client;

import dev.sluice.codec.SmtpReply;

/** The server answered a command with a 4xx or 5xx reply (or an unexpected one). */
public final class SmtpRejectedException extends SmtpException {

  private final String command;
  private final SmtpReply reply;
  private final SendResult result;

  public SmtpRejectedException(SmtpPhase phase, String command, SmtpReply reply, SendResult result) {
    super(phase, command + " rejected: " + reply, ReplyHints.hintFor(phase, reply), null);
    this.command = command;
    this.reply = reply;
    this.result = result;
  }

  /** The command the reply answered, e.g. {@code "RCPT TO:<b@example.test>"} (AUTH never shown). */
  public String command() {
    return command;
  }

  public SmtpReply reply() {
    return reply;
  }

  /** What the server said to every part of the transaction so far; null outside a transaction. */
  public SendResult result() {
    return result;
  }

  @Override
  public boolean isTransient() {
    return reply.isTransientFailure();
  }
}
