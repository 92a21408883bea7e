package dev.sluice.amqp;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Worker} consumes.
 *
 * @param topology the send queue and its companions
 * @param prefetch mails in flight at most (unacked on this worker; the broker sends no more)
 * @param atMostOnce a redelivered mail is reported UNKNOWN instead of being sent again
 * @param maxAttempts attempts per mail in all, the first included; the retries wait in the delay tiers
 * @param maxMessageBytes a larger mail is dead-lettered as malformed
 * @param workerId the name the outcome records carry
 * @param shutdownGrace how long a graceful shutdown waits for the mails in flight
 */
public record WorkerConfig(Topology topology, int prefetch, boolean atMostOnce, int maxAttempts,
    long maxMessageBytes, String workerId, Duration shutdownGrace) {

  public static final int DEFAULT_PREFETCH = 100;
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final long DEFAULT_MAX_MESSAGE_BYTES = 25L << 20;

  public WorkerConfig {
    Objects.requireNonNull(topology, "topology");
    if (prefetch < 1 || prefetch > 65535) {
      throw new IllegalArgumentException("the prefetch must be between 1 and 65535, not " + prefetch);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be >= 1");
    }
    WireFormat.checkToken("worker id", workerId);
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
  }

  public static Builder builder(Topology topology) {
    return new Builder(topology);
  }

  /** {@code host:pid}. */
  public static String defaultWorkerId() {
    String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
    int at = name.indexOf('@');
    String id = at < 0 ? name : name.substring(at + 1) + ":" + name.substring(0, at);
    return id.replaceAll("[^\\x21-\\x7e]", "_");
  }

  /** Builds a {@link WorkerConfig}; every setting has a safe default. */
  public static final class Builder {
    private final Topology topology;
    private int prefetch = DEFAULT_PREFETCH;
    private boolean atMostOnce;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private long maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private String workerId = defaultWorkerId();
    private Duration shutdownGrace = Duration.ofSeconds(30);

    private Builder(Topology topology) {
      this.topology = topology;
    }

    public Builder prefetch(int n) {
      this.prefetch = n;
      return this;
    }

    public Builder atMostOnce(boolean b) {
      this.atMostOnce = b;
      return this;
    }

    public Builder maxAttempts(int n) {
      this.maxAttempts = n;
      return this;
    }

    public Builder maxMessageBytes(long n) {
      this.maxMessageBytes = n;
      return this;
    }

    public Builder workerId(String id) {
      this.workerId = id;
      return this;
    }

    public Builder shutdownGrace(Duration d) {
      this.shutdownGrace = d;
      return this;
    }

    public WorkerConfig build() {
      return new WorkerConfig(topology, prefetch, atMostOnce, maxAttempts, maxMessageBytes, workerId, shutdownGrace);
    }
  }
}
