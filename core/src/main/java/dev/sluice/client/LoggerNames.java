package dev.sluice.client;

/**
 * The names of the {@link System.Logger}s Sluice logs to, one per area, stable across releases so
 * that a logging configuration can pick them (all of them sit under {@code dev.sluice}). Sluice logs
 * through {@code System.Logger} only: with {@code slf4j-jdk-platform-logging} on the class path the
 * lines go to SLF4J (Logback, Log4j…), otherwise to {@code java.util.logging}.
 *
 * <p>No line ever carries a password, a token or an AUTH payload (AuthLoggingTest proves it at the
 * finest level).
 */
public final class LoggerNames {

  /** Connections and sessions: connected, ready (TLS, mechanism), closed and why; setup failures. */
  public static final String SESSION = "dev.sluice.client.session";
  /** TLS: handshakes (protocol, cipher, provider) and their failures; insecure trust warnings. */
  public static final String TLS = "dev.sluice.client.tls";
  /** AUTH: mechanism chosen, outcome, token refreshes (never credentials). */
  public static final String AUTH = "dev.sluice.client.auth";
  /** Message transactions: each message's result and timings (TRACE). */
  public static final String TRANSACTION = "dev.sluice.client.transaction";
  /** The pool: connections opened, failed, retired; back-off after connect failures. */
  public static final String POOL = "dev.sluice.client.pool";
  /** The bulk sender: retries and messages that ended FAILED or UNKNOWN. */
  public static final String BULK = "dev.sluice.client.bulk";
  /** The SMTP exchange line by line at DEBUG, secrets redacted (see {@link WireTrace}). */
  public static final String WIRE = WireTrace.LOGGER;

  private LoggerNames() {}
}
