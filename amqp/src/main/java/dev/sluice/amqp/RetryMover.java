package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Brings retry copies back from the delay tiers to the send queue once they are due: every worker
 * runs one, so the retries need no particular process to survive.
 *
 * <p>Why not the broker's own TTL and dead-lettering: RabbitMQ 3.10's {@code at-least-once}
 * dead-lettering stranded the copies of a tier for good after the tier's leader node was killed
 * (seen in the fault test: 29 messages "dead-lettered" but never forwarded), and {@code at-most-once}
 * dead-lettering republishes without confirms, which may drop a copy when a node dies. Here a move is
 * an ordinary publish with confirms followed by an ack: at-least-once, like everything else.
 *
 * <p>A tier holds copies of one delay in FIFO order, so its head is always the next one due: the
 * mover takes the head ({@code basic.get}); when it is not due yet, gives it back (nack, requeue:
 * a quorum queue serves returned messages first) and sleeps until it is. A mover that dies between
 * the confirm of a move and its ack leaves two copies of that retry: the only way a retry is
 * duplicated, a window of one round trip.
 */
final class RetryMover {

  private static final int BATCH = 200;
  private static final long MAX_SLEEP_MS = 1000;

  private final Connection connection;
  private final Topology topology;
  private final Consumer<String> log;
  private final AtomicLong moved = new AtomicLong();
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
    thread.start();
  }

  long moved() {
    return moved.get();
  }

  private void loop() {
    while (!stopping) {
      long sleep = MAX_SLEEP_MS;
      try {
        for (Duration tier : topology.retryTiers()) {
          sleep = Math.min(sleep, moveDue(topology.retryQueue(tier)));
        }
      } catch (IOException | TimeoutException | RuntimeException e) {
        if (stopping) {
          return;
        }
        // a node died or the connection is recovering: what was taken and not acked goes back
        log.accept("moving retries failed (" + e + "); trying again");
        sleep = MAX_SLEEP_MS;
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(Math.max(20, sleep));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Moves what is due in one tier (up to a batch); returns how long until its head is due. */
  private long moveDue(String queue) throws IOException, TimeoutException, InterruptedException {
    List<Long> tags = new ArrayList<>();
    long next = MAX_SLEEP_MS;
    long now = System.currentTimeMillis();
    while (tags.size() < BATCH) {
      GetResponse r = channel.basicGet(queue, false);
      if (r == null) {
        break;
      }
      long due = dueAt(r.getProps());
      if (due > now) {
        channel.basicNack(r.getEnvelope().getDeliveryTag(), false, true);
        next = due - now;
        break;
      }
      Map<String, Object> h = new HashMap<>();
      h.put(WireFormat.H_DUE_AT, null);
      channel.basicPublish(topology.sendExchange(), topology.sendQueue(), false,
          WireFormat.withHeaders(r.getProps(), h), r.getBody());
      tags.add(r.getEnvelope().getDeliveryTag());
    }
    if (!tags.isEmpty()) {
      channel.waitForConfirmsOrDie(30_000);
      for (long tag : tags) {
        channel.basicAck(tag, false);
      }
      moved.addAndGet(tags.size());
      if (tags.size() == BATCH) {
        next = 0;
      }
    }
    return next;
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
        channel.close();
      }
    } catch (IOException | TimeoutException | RuntimeException e) {
      // unacked copies go back to their tier
    }
  }
}
