package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared test vectors ({@code /vectors/*.json}, a copy of {@code shared/vectors}), as records
 * ready for parameterised tests. Wire data in the files is ASCII; it is turned into bytes as
 * ISO-8859-1 so that every character maps to exactly one byte.
 */
public final class Vectors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Vectors() {}

  /** A server reply and what the reply decoder must make of it. */
  public record Reply(String input, boolean error, int code, List<String> texts, String enhanced,
      String note) {
    public byte[] inputBytes() {
      return input.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
      return escape(input) + (note == null ? "" : " (" + note + ")");
    }
  }

  /** Message data written in chunks, the exact wire bytes, and what a receiver must store. */
  public record Data(String name, List<String> chunks, String wire, String message) {
    public List<byte[]> chunkBytes() {
      return chunks.stream().map(c -> c.getBytes(StandardCharsets.ISO_8859_1)).toList();
    }

    public byte[] wireBytes() {
      return wire.getBytes(StandardCharsets.ISO_8859_1);
    }

    public byte[] messageBytes() {
      return message.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A command argument that must never reach the wire raw. */
  public record Argument(String name, String field, String value, String must, String note) {
    @Override
    public String toString() {
      return name + " (" + field + ", must " + must + ")";
    }
  }

  public static List<Reply> replies() {
    List<Reply> out = new ArrayList<>();
    for (JsonNode v : load("replies.json").get("vectors")) {
      boolean error = v.path("error").asBoolean(false);
      List<String> texts = new ArrayList<>();
      v.path("texts").forEach(t -> texts.add(t.asText()));
      out.add(new Reply(v.get("input").asText(), error, v.path("code").asInt(-1), List.copyOf(texts),
          v.path("enhanced").isTextual() ? v.get("enhanced").asText() : null, text(v, "note")));
    }
    return out;
  }

  public static List<Data> dataEncoding() {
    List<Data> out = new ArrayList<>();
    for (JsonNode v : load("data-encoding.json").get("vectors")) {
      List<String> chunks = new ArrayList<>();
      v.get("chunks").forEach(c -> chunks.add(c.asText()));
      out.add(new Data(v.get("name").asText(), List.copyOf(chunks), v.get("wire").asText(),
          v.get("message").asText()));
    }
    return out;
  }

  public static List<Argument> arguments() {
    List<Argument> out = new ArrayList<>();
    for (JsonNode v : load("arguments.json").get("vectors")) {
      out.add(new Argument(v.get("name").asText(), v.get("field").asText(), v.get("value").asText(),
          v.get("must").asText(), text(v, "note")));
    }
    return out;
  }

  /** Renders control characters visibly, for test names and failure messages. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\r' -> b.append("\\r");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  private static String text(JsonNode v, String field) {
    return v.path(field).isTextual() ? v.get(field).asText() : null;
  }

  private static JsonNode load(String file) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + file)) {
      if (in == null) {
        throw new IllegalStateException("test vector file /vectors/" + file + " is not on the classpath");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
