package dev.sluice.it.peers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real SMTP server run by the tests on {@value Peers#HOST}, on free high ports picked at start,
 * from a private temporary directory. Configure it, {@link #start()} it, use it, {@link #close()} it
 * (try-with-resources or {@code @AfterAll}); close stops every process it started and deletes the
 * directory (kept when {@code SLUICE_PEERS_KEEP=true}).
 *
 * <p>{@link #start()} skips the calling test when the peer's binaries are missing (fails it when
 * {@code CI=true}; see {@link Peers#require}) and otherwise returns once every port has greeted with
 * 220, or throws {@link PeerStartException} with the tail of the server's logs.
 */
public interface SmtpPeer extends AutoCloseable {

  /** Short name, e.g. {@code postfix+dovecot}. */
  String name();

  /** Starts the server; see the class comment. Only once per instance. */
  SmtpPeer start();

  /** True between a successful start and close while every server process is alive. */
  boolean isRunning();

  /** Always {@value Peers#HOST}. */
  default String host() {
    return Peers.HOST;
  }

  /** The submission port (587-style): plaintext greeting, STARTTLS required before mail. */
  int submissionPort();

  /** The implicit-TLS port (465-style): TLS from the first byte. */
  int smtpsPort();

  /** The PEM file (a test CA) a client must trust to verify the server's certificate. */
  Path caFile();

  /** The instance's private directory. */
  Path directory();

  /** The server's main log. */
  Path logFile();

  /** The last lines of every log of this instance, for failure messages. */
  String logTail();

  /** How long {@link #start()} took until every port greeted. */
  Duration startupTime();

  /** How many messages have been delivered so far. */
  int deliveredCount();

  /**
   * Waits until at least {@code count} messages have been delivered and returns the bytes of all
   * delivered message files, in delivery order (what the server stored, e.g. with the headers it
   * added). Throws {@link AssertionError} with the log tail when they do not arrive in time.
   */
  List<byte[]> awaitDelivered(int count, Duration timeout);

  /** Deletes the delivered messages, so that a shared instance can start counting again. */
  void clearDelivered();

  /** Stops every process (SIGTERM, then SIGKILL) and deletes the directory. Idempotent. */
  @Override
  void close();
}
