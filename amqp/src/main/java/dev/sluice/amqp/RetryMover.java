package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Brings retry copies back from the delay tiers to the send queue once they are due. Every worker
 * runs one, so the retries need no particular process to survive.
 *
 * <p>Why not the broker's own TTL and dead-lettering: RabbitMQ 3.10's {@code at-least-once}
 * dead-lettering stranded the copies of a tier for good after the tier's leader node was killed
 * (seen in the fault test: 29 messages dead-lettered but never forwarded), and {@code at-most-once}
 * dead-lettering republishes without confirms, which may drop a copy when a node dies. Here a move is
 * ordinary at-least-once messaging: the mover consumes each tier (manual acks, bounded prefetch),
 * holds a copy until it is due, publishes it to the send queue with confirms, then acks it.
 *
 * <p>A copy the broker redelivers to a mover (the previous holder died or lost its connection,
 * perhaps after publishing it) is moved with {@code sluice-redelivered=true}: if it is a
 * duplicate, its outcome says so, and an at-most-once worker does not send it. Holding a copy until
 * it is due is why a tier may not be longer than RabbitMQ's {@code consumer_timeout} (30 min by
 * default): see {@link Topology#MAX_TIER}.
 */
final class RetryMover {

  private static final int BATCH = 200;
  private static final int PREFETCH = 500;

  private record Held(long tag, AMQP.BasicProperties props, byte[] body, boolean redelivered, long due, long generation) {}

  private final Connection connection;
  private final Topology topology;
  private final Consumer<String> log;
  private final AtomicLong moved = new AtomicLong();
  private final AtomicLong generation = new AtomicLong();
  private final PriorityBlockingQueue<Held> held = new PriorityBlockingQueue<>(64, Comparator.comparingLong(Held::due));
  private final Thread thread;
  private volatile boolean stopping;
  private Channel channel;

  RetryMover(Connection connection, Topology topology, Consumer<String> log) {
    this.connection = connection;
    this.topology = topology;
    this.log = log;
    this.thread = new Thread(this::loop, "sluice-retry-mover");
    this.thread.setDaemon(true);
  }

  void start() throws IOException {
    channel = connection.createChannel();
    channel.confirmSelect();
    channel.basicQos(PREFETCH);
    if (channel instanceof Recoverable r) {
      // the copies held on the old channel are the broker's again (it redelivers them): forget them
      r.addRecoveryListener(new RecoveryListener() {
        @Override
        public void handleRecovery(Recoverable recoverable) {
          forget();
        }

        @Override
        public void handleRecoveryStarted(Recoverable recoverable) {
          forget();
        }
      });
    }
    for (Duration tier : topology.retryTiers()) {
      channel.basicConsume(topology.retryQueue(tier), false, new DefaultConsumer(channel) {
        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
          held.add(new Held(envelope.getDeliveryTag(), props, body, envelope.isRedeliver(), dueAt(props),
              generation.get()));
        }
      });
    }
    thread.start();
  }

  private void forget() {
    generation.incrementAndGet();
    held.clear();
  }

  long moved() {
    return moved.get();
  }

  private void loop() {
    List<Held> batch = new ArrayList<>(BATCH);
    while (!stopping) {
      try {
        long now = System.currentTimeMillis();
        Held head = held.peek();
        while (head != null && head.due() <= now && batch.size() < BATCH) {
          batch.add(held.poll());
          head = held.peek();
        }
        if (!batch.isEmpty()) {
          move(batch);
          batch.clear();
          continue;
        }
        long sleep = head == null ? 200 : Math.min(200, head.due() - now);
        Thread.sleep(Math.max(5, sleep));
      } catch (IOException | TimeoutException | RuntimeException e) {
        if (stopping) {
          return;
        }
        // not confirmed: nothing acked, the broker gives the copies back (flagged redelivered)
        log.accept("moving " + batch.size() + " retries failed (" + e + "); the broker will hand them out again");
        batch.clear();
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void move(List<Held> batch) throws IOException, TimeoutException, InterruptedException {
    long gen = generation.get();
    List<Held> current = new ArrayList<>(batch.size());
    for (Held h : batch) {
      if (h.generation() != gen) {
        continue; // taken on a channel that has since been recovered: the broker redelivers it
      }
      Map<String, Object> headers = new HashMap<>();
      headers.put(WireFormat.H_DUE_AT, null);
      if (h.redelivered()) {
        headers.put(WireFormat.H_REDELIVERED, true);
      }
      channel.basicPublish(topology.sendExchange(), topology.sendQueue(), false,
          WireFormat.withHeaders(h.props(), headers), h.body());
      current.add(h);
    }
    if (current.isEmpty()) {
      return;
    }
    channel.waitForConfirmsOrDie(30_000);
    for (Held h : current) {
      channel.basicAck(h.tag(), false);
    }
    moved.addAndGet(current.size());
  }

  private static long dueAt(AMQP.BasicProperties props) {
    Object d = props.getHeaders() == null ? null : props.getHeaders().get(WireFormat.H_DUE_AT);
    return d instanceof Number n ? n.longValue() : 0; // no due time: move it now
  }

  void stop() {
    stopping = true;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (channel != null && channel.isOpen()) {
        channel.close(); // the copies held and not moved go back to their tiers
      }
    } catch (IOException | TimeoutException | RuntimeException e) {
      // the connection is going away anyway
    }
  }
}
