package dev.sluice.examples;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.Outcome;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** README "Quick start: the library", the bulk part. */
public final class BulkExample {

  /** What {@link #log} was told, in order of arrival (outcomes complete on event loops). */
  public static final Queue<Outcome.Status> LOGGED = new ConcurrentLinkedQueue<>();

  private BulkExample() {}

  /** Sends {@code body} to every envelope. */
  public static void sendAll(SmtpClientConfig config, List<Envelope> envelopes, MessageContent body)
      throws InterruptedException {
    // README:bulk
    try (SmtpClient client = SmtpClient.create(config);
         BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT)) {
      for (Envelope envelope : envelopes) {
        sender.submit(envelope, body).thenAccept(outcome -> log(outcome.status()));   // waits when full
      }
    }   // close() waits until every message has its outcome
    // README:end
  }

  private static void log(Outcome.Status status) {
    LOGGED.add(status);
  }
}
