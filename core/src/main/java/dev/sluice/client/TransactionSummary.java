package dev.sluice.client;

/**
 * How one message transaction on a session went, for metrics and JFR.
 *
 * @param result how it ended
 * @param size the message's size in bytes as submitted, or -1 when not known in advance
 * @param recipients recipients in the envelope
 * @param acceptedRecipients recipients the server accepted
 * @param queuedNanos from {@link SmtpSession#send} to the transaction's first command being written
 *     (time spent behind other messages on the same connection, in the client)
 * @param wireNanos from the first command being written to the last reply (or the failure)
 * @param failure the error for {@link Result#REJECTED} and {@link Result#FAILED}, else null
 */
public record TransactionSummary(Result result, long size, int recipients, int acceptedRecipients, long queuedNanos,
    long wireNanos, SmtpException failure) {

  /** The ways a transaction ends. */
  public enum Result {
    /** Accepted for every recipient. */
    ACCEPTED,
    /** Accepted for some recipients, refused for others. */
    PARTIAL,
    /** The server refused the message (MAIL, every RCPT, DATA or the data), or it could not be sent as is. */
    REJECTED,
    /** The connection failed, timed out or was closed before the server's word. */
    FAILED
  }
}
