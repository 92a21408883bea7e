package dev.sluice.client.bulk;

import java.util.List;

import dev.sluice.client.Envelope;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpException;

/**
 * How one submitted message ended. Exactly one per submitted message.
 *
 * @param status the final status
 * @param envelope the message's envelope
 * @param result the server's word on the last attempt, when it got that far (always for DELIVERED)
 * @param error what went wrong, for every status but DELIVERED
 * @param attempts how many times the message was tried
 * @param recipients how each recipient ended, in the envelope's order (empty when not tracked). A
 *     message is DELIVERED when at least one recipient is; the others say why they are not.
 */
public record Outcome(Status status, Envelope envelope, SendResult result, Throwable error, int attempts,
    List<RecipientOutcome> recipients) {

  public Outcome {
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
  }

  public Outcome(Status status, Envelope envelope, SendResult result, Throwable error, int attempts) {
    this(status, envelope, result, error, attempts, List.of());
  }

  /** The four ways a message can end. */
  public enum Status {
    /** The server accepted it (for at least one recipient; see {@link SendResult#rejectedRecipients()}). */
    DELIVERED,
    /** The server refused it for good (5xx), or it could never be accepted (too large, 8-bit…). */
    REJECTED,
    /** Transient failures until the retries ran out, or a failure of the connection setup (TLS, AUTH). */
    FAILED,
    /**
     * The whole message was sent but the connection died before the reply: it may have been
     * delivered. Not resent, unless at-least-once delivery was asked for.
     */
    UNKNOWN
  }

  /** The error as an {@link SmtpException}, or null. */
  public SmtpException smtpError() {
    return error instanceof SmtpException e ? e : null;
  }
}
