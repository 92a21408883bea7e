package dev.sluice.client;

/**
 * Receives the SMTP exchange line by line, for {@code --trace} and debugging. AUTH payloads are
 * redacted and message data is summarised (its size) before this sees them; control characters are
 * escaped.
 */
public interface WireTrace {

  /** A line the client sent (without CRLF). */
  void sent(String line);

  /** A line the server sent (without CRLF). */
  void received(String line);

  /** Something that happened on the connection (TLS started, connection closed…). */
  default void event(String description) {}
}
