package dev.sluice.client;

/**
 * Receives the SMTP exchange line by line, for {@code --trace} and debugging. AUTH payloads are
 * redacted and message data is summarised (its size) before this sees them; control characters are
 * escaped.
 */
public interface WireTrace {

  /** The logger the client traces to when no trace is configured and it is enabled at DEBUG. */
  String LOGGER = "dev.sluice.client.wire";

  /**
   * A trace to {@link System.Logger} {@value #LOGGER} at DEBUG ({@code C:}/{@code S:} lines,
   * events at DEBUG too), tagged with {@code connection}.
   */
  static WireTrace logger(String connection) {
    System.Logger log = System.getLogger(LOGGER);
    return new WireTrace() {
      @Override
      public void sent(String line) {
        log.log(System.Logger.Level.DEBUG, () -> connection + " C: " + line);
      }

      @Override
      public void received(String line) {
        log.log(System.Logger.Level.DEBUG, () -> connection + " S: " + line);
      }

      @Override
      public void event(String description) {
        log.log(System.Logger.Level.DEBUG, () -> connection + " *  " + description);
      }
    };
  }

  /** True when the {@value #LOGGER} logger would print a trace. */
  static boolean loggerEnabled() {
    return System.getLogger(LOGGER).isLoggable(System.Logger.Level.DEBUG);
  }

  /** A line the client sent (without CRLF). */
  void sent(String line);

  /** A line the server sent (without CRLF). */
  void received(String line);

  /** Something that happened on the connection (TLS started, connection closed…). */
  default void event(String description) {}
}
