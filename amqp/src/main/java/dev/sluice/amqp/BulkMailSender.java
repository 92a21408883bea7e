package dev.sluice.amqp;

import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpAuthenticationException;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpException;
import dev.sluice.client.SmtpTlsException;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.client.bulk.RetryPolicy;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link MailSender} over core's {@link BulkSender}: every mail to one host (its pool of
 * connections, pipelining, rate limit). The bulk sender makes one attempt per mail (retries go
 * through the broker), and at most {@code maxInFlight} — the worker's prefetch — are in flight.
 */
public final class BulkMailSender implements MailSender {

  private final SmtpClient client;
  private final BulkSender sender;
  private final String destination;

  private BulkMailSender(SmtpClient client, BulkSender sender, String destination) {
    this.client = client;
    this.sender = sender;
    this.destination = destination;
  }

  /**
   * Sends through {@code client} with {@code bulk}'s pool settings; retries are switched off (one
   * attempt per call) and an unknown fate is never resent here.
   */
  public static BulkMailSender create(SmtpClient client, BulkConfig bulk) {
    BulkConfig once = bulk.withRetry(RetryPolicy.NONE).withAtLeastOnce(false);
    String destination = client.config().host() + ":" + client.config().port();
    return new BulkMailSender(client, BulkSender.create(client, once), destination);
  }

  @Override
  public CompletableFuture<Attempt> send(QueuedMail mail) throws InterruptedException {
    MessageContent content = MessageContent.of(mail.message());
    try {
      return sender.submit(mail.envelope(), content).thenApply(this::attempt);
    } finally {
      content.release();
    }
  }

  private Attempt attempt(Outcome o) {
    OutcomeRecord.Status status = OutcomeRecord.Status.valueOf(o.status().name());
    return new Attempt(status, o.result(), o.error(), status == OutcomeRecord.Status.FAILED && retryable(o),
        destination);
  }

  /** A 4xx or a connection that could not be made may work later; a TLS or AUTH failure will not. */
  private static boolean retryable(Outcome o) {
    SmtpException e = o.smtpError();
    if (e == null) {
      return false;
    }
    if (e instanceof SmtpAuthenticationException || (e instanceof SmtpTlsException && !e.isTransient())) {
      return false;
    }
    return e.isTransient();
  }

  public BulkSender bulkSender() {
    return sender;
  }

  @Override
  public void close() {
    try {
      sender.close();
    } finally {
      client.close();
    }
  }
}
