package dev.sluice.amqp;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exchanges and queues of one send queue, all named after it ({@code base}):
 *
 * <pre>
 * base           direct exchange ─(key base)─▶ base          quorum queue: mails to send
 * base.retry     direct exchange ─(key 60s)──▶ base.retry.60s quorum queue: copies due in 60 s
 * base.dead      fanout exchange ────────────▶ base.dead     quorum queue: the originals given up on
 * base.outcomes  fanout exchange ────────────▶ base.outcomes quorum queue: one record per final outcome
 * </pre>
 *
 * Retry state lives in the broker: a transient failure is published to the tier for its attempt
 * with the time it is due, and whichever worker's {@link RetryMover} sees it due first moves it
 * back to the send queue, so a retry survives any worker. One queue per delay keeps each tier in
 * due order (its head is always the next one due). No broker TTL or dead-lettering: see
 * {@link RetryMover} for why.
 *
 * <p>Every declaration is idempotent: workers and producers all call {@link #declare} at start.
 *
 * @param base the send queue (and its exchange)
 * @param retryTiers the delays of the retry tiers, shortest first (attempt n waits tier n-1, the last repeats)
 */
public record Topology(String base, List<Duration> retryTiers) {

  /** 1 min, 10 min, 25 min. */
  public static final List<Duration> DEFAULT_TIERS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(10),
      Duration.ofMinutes(25));

  /**
   * The longest tier: a {@link RetryMover} holds a copy unacked until it is due, and RabbitMQ closes
   * a channel that holds a delivery longer than its {@code consumer_timeout} (30 min by default).
   * Longer waits come from more attempts (the last tier repeats).
   */
  public static final Duration MAX_TIER = Duration.ofMinutes(25);

  public Topology {
    WireFormat.checkToken("queue name", base);
    retryTiers = List.copyOf(retryTiers);
    if (retryTiers.isEmpty()) {
      throw new IllegalArgumentException("at least one retry tier is needed");
    }
    for (Duration d : retryTiers) {
      if (d.isNegative() || d.isZero() || d.compareTo(MAX_TIER) > 0) {
        throw new IllegalArgumentException("a retry tier must be between 1 ms and " + MAX_TIER.toMinutes()
            + " min (RabbitMQ's consumer_timeout is 30 min by default), not " + d.toSeconds() + " s");
      }
    }
  }

  public static Topology named(String base) {
    return new Topology(base, DEFAULT_TIERS);
  }

  public Topology withRetryTiers(List<Duration> tiers) {
    return new Topology(base, tiers);
  }

  public String sendExchange() {
    return base;
  }

  public String sendQueue() {
    return base;
  }

  public String retryExchange() {
    return base + ".retry";
  }

  public String deadExchange() {
    return base + ".dead";
  }

  public String deadQueue() {
    return base + ".dead";
  }

  public String outcomesExchange() {
    return base + ".outcomes";
  }

  public String outcomesQueue() {
    return base + ".outcomes";
  }

  /** The routing key (and queue-name suffix) of a tier: its delay, e.g. {@code 60s} or {@code 250ms}. */
  public static String tierKey(Duration tier) {
    long ms = tier.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }

  public String retryQueue(Duration tier) {
    return retryExchange() + "." + tierKey(tier);
  }

  /** The tier to wait in after {@code attempts} failed attempts (1-based; the last tier repeats). */
  public Duration tierAfter(int attempts) {
    return retryTiers.get(Math.min(Math.max(attempts, 1), retryTiers.size()) - 1);
  }

  /** Declares everything (idempotent; fails when a queue exists with other arguments). */
  public void declare(Channel channel) throws IOException {
    channel.exchangeDeclare(sendExchange(), BuiltinExchangeType.DIRECT, true);
    channel.queueDeclare(sendQueue(), true, false, false, quorum());
    channel.queueBind(sendQueue(), sendExchange(), sendQueue());

    channel.exchangeDeclare(retryExchange(), BuiltinExchangeType.DIRECT, true);
    for (Duration tier : retryTiers) {
      channel.queueDeclare(retryQueue(tier), true, false, false, quorum());
      channel.queueBind(retryQueue(tier), retryExchange(), tierKey(tier));
    }

    channel.exchangeDeclare(deadExchange(), BuiltinExchangeType.FANOUT, true);
    channel.queueDeclare(deadQueue(), true, false, false, quorum());
    channel.queueBind(deadQueue(), deadExchange(), "");

    channel.exchangeDeclare(outcomesExchange(), BuiltinExchangeType.FANOUT, true);
    channel.queueDeclare(outcomesQueue(), true, false, false, quorum());
    channel.queueBind(outcomesQueue(), outcomesExchange(), "");
  }

  private static Map<String, Object> quorum() {
    Map<String, Object> args = new HashMap<>();
    args.put("x-queue-type", "quorum");
    return args;
  }
}
