package dev.sluice.amqp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
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

  /**
   * The content type of an outcome message carrying several records, one JSON object a line; the
   * header {@value #H_COUNT} says how many. A message of one record is plain {@code application/json}.
   */
  public static final String NDJSON = "application/x-ndjson";

  /** The number of records in an outcome message. */
  public static final String H_COUNT = "sluice-outcome-count";

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** How a request ended; the same four as {@link dev.sluice.client.bulk.Outcome.Status}. */
  public enum Status { DELIVERED, REJECTED, FAILED, UNKNOWN }

  /**
   * One recipient's reply: its RCPT reply through {@code --host}; with {@code --mx} the reply that
   * decided it (the data reply when delivered), 0 when no server answered, and its own status (a mail
   * may be delivered to some recipients and not to others).
   *
   * @param status this recipient's fate, or null when the mail's status says it (one destination)
   */
  public record Reply(String address, int code, String text, Status status) {

    public Reply(String address, int code, String text) {
      this(address, code, text, null);
    }
  }

  public OutcomeRecord {
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
  }

  /**
   * The record as one line of JSON, written field by field: the worker writes one per mail, and
   * databind's reflective record serialiser was a tenth of its settling thread's samples (JFR,
   * bench/README.md "The queue path"). {@link #fromJson} reads it with databind.
   */
  public byte[] toJson() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256 + 96 * recipients.size());
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("version", version);
      g.writeStringField("requestId", requestId);
      g.writeStringField("status", status.name());
      g.writeArrayFieldStart("recipients");
      for (Reply r : recipients) {
        g.writeStartObject();
        if (r.address() != null) {
          g.writeStringField("address", r.address());
        }
        g.writeNumberField("code", r.code());
        if (r.text() != null) {
          g.writeStringField("text", r.text());
        }
        if (r.status() != null) {
          g.writeStringField("status", r.status().name());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      optional(g, "dataReply", dataReply);
      optional(g, "error", error);
      optional(g, "destination", destination);
      g.writeNumberField("attempts", attempts);
      g.writeBooleanField("redelivered", redelivered);
      optional(g, "workerId", workerId);
      g.writeNumberField("enqueuedAt", enqueuedAt);
      g.writeNumberField("startedAt", startedAt);
      g.writeNumberField("finishedAt", finishedAt);
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("an outcome record did not serialise", e);
    }
    return out.toByteArray();
  }

  private static void optional(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  public String toJsonLine() {
    return new String(toJson(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Reads every record of an outcome message (one JSON object, or NDJSON: one a line); a line
   * that is not a record goes to {@code problems} and the others are still read.
   */
  public static List<OutcomeRecord> readAll(byte[] body, java.util.function.Consumer<String> problems) {
    List<OutcomeRecord> out = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '\n') {
        if (i > start) {
          try {
            out.add(fromJson(java.util.Arrays.copyOfRange(body, start, i)));
          } catch (IOException e) {
            problems.accept(e.getMessage());
          }
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** Replies as a JSON array (the {@code sluice-done} header of a retry copy). */
  static String repliesJson(List<Reply> replies) {
    try {
      return JSON.writeValueAsString(replies);
    } catch (IOException e) {
      throw new IllegalStateException("replies did not serialise", e);
    }
  }

  /** The replies of {@link #repliesJson}. */
  static List<Reply> repliesFromJson(String json) throws IOException {
    return List.of(JSON.readValue(json, Reply[].class));
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
