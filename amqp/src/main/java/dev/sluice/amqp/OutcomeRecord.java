package dev.sluice.amqp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * The final word on one request, published to the outcomes queue as JSON (one per final outcome;
 * a redelivered mail may get a second one, flagged {@code redelivered}).
 *
 * @param version the record's format version ({@value #VERSION})
 * @param requestId the request id (the mail's AMQP message-id)
 * @param status DELIVERED, REJECTED, FAILED or UNKNOWN
 * @param recipients the server's reply to each RCPT, when it got that far
 * @param dataReply the reply to the data ("250 2.0.0 queued"), or null
 * @param error what went wrong, for every status but DELIVERED; null otherwise
 * @param destination where it was sent (host:port, or the MX host), or null when it was not
 * @param attempts attempts in all, retries through the delay tiers included
 * @param redelivered the broker redelivered the mail, now or before a retry (a worker died or its connection
 *     dropped with the mail unacked): it may have been sent more than once
 * @param workerId the worker that settled it
 * @param enqueuedAt when the producer published it (epoch ms; 0 when unknown)
 * @param startedAt when this worker received it (epoch ms)
 * @param finishedAt when this worker knew the outcome (epoch ms)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutcomeRecord(int version, String requestId, Status status, List<Reply> recipients, String dataReply,
    String error, String destination, int attempts, boolean redelivered, String workerId, long enqueuedAt,
    long startedAt, long finishedAt) {

  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** How a request ended; the same four as {@link dev.sluice.client.bulk.Outcome.Status}. */
  public enum Status { DELIVERED, REJECTED, FAILED, UNKNOWN }

  /** One recipient's RCPT reply. */
  public record Reply(String address, int code, String text) {}

  public OutcomeRecord {
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("an outcome record did not serialise", e);
    }
  }

  public String toJsonLine() {
    return new String(toJson(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Reads a record; an {@link IOException} says what was wrong with it. */
  public static OutcomeRecord fromJson(byte[] json) throws IOException {
    OutcomeRecord r = JSON.readValue(json, OutcomeRecord.class);
    if (r.requestId() == null || r.status() == null) {
      throw new IOException("an outcome record needs requestId and status");
    }
    return r;
  }
}
