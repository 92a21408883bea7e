package dev.sluice.amqp;

import dev.sluice.client.SendResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the worker needs from SMTP, and nothing more: send one mail once, say how it went and
 * whether trying again later could help. Retrying is the worker's business (through the broker's
 * delay tiers), so an implementation makes one attempt per call.
 *
 * <p>{@link BulkMailSender} sends everything to one host ({@code --host}); {@link RouterMailSender}
 * routes by MX ({@code --mx}) and may deliver a mail to some of its recipients only.
 */
public interface MailSender extends AutoCloseable {

  /**
   * Sends {@code mail} once. May wait for room when the sender is full (never on an event loop);
   * the future completes on any thread and never exceptionally.
   */
  CompletableFuture<Attempt> send(QueuedMail mail) throws InterruptedException;

  /** Waits for what is in flight, then closes the connections. */
  @Override
  void close();

  /**
   * How one attempt ended.
   *
   * @param status DELIVERED, REJECTED, FAILED or UNKNOWN
   * @param result the server's replies, when it got that far
   * @param error what went wrong (null for DELIVERED)
   * @param retryable a FAILED attempt that may succeed later (a 4xx, a refused connection)
   * @param destination where it went (host:port, or the MX hosts)
   * @param replies each recipient's reply and fate, or null to take them from {@code result} (one
   *     destination, one fate for the whole mail)
   * @param retryRecipients when {@code retryable}, the recipients to try again, or null for all of them
   */
  record Attempt(OutcomeRecord.Status status, SendResult result, Throwable error, boolean retryable,
      String destination, List<OutcomeRecord.Reply> replies, List<String> retryRecipients) {

    public Attempt {
      replies = replies == null ? null : List.copyOf(replies);
      retryRecipients = retryRecipients == null ? null : List.copyOf(retryRecipients);
    }

    /** An attempt whose fate is the whole mail's. */
    public Attempt(OutcomeRecord.Status status, SendResult result, Throwable error, boolean retryable,
        String destination) {
      this(status, result, error, retryable, destination, null, null);
    }
  }
}
