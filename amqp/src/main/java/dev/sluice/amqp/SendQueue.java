package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The producer side: publishes mails to the send queue with publisher confirms. A mail counts as
 * queued only when its future completes, i.e. when the broker has confirmed it (for a quorum queue:
 * written to a majority of the nodes). Publishing is asynchronous and batched in effect: up to
 * {@code window} mails are unconfirmed at once and the broker confirms many with one frame
 * ({@code multiple=true}); {@link #publish} waits while the window is full (backpressure).
 *
 * <pre>{@code
 * try (Connection c = broker.connect("app"); SendQueue q = SendQueue.open(c, Topology.named("sluice"), 1000)) {
 *   for (QueuedMail m : mails) q.publish(m);
 *   q.flush(Duration.ofSeconds(30));           // every mail confirmed, or an exception
 * }
 * }</pre>
 *
 * Not thread-safe: one publishing thread per {@code SendQueue} (an AMQP channel's rule).
 */
public final class SendQueue implements AutoCloseable {

  private final Channel channel;
  private final Topology topology;
  private final Semaphore window;
  private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> unconfirmed = new ConcurrentSkipListMap<>();
  private final Map<Long, String> ids = new java.util.concurrent.ConcurrentHashMap<>();

  private SendQueue(Channel channel, Topology topology, int window) {
    this.channel = channel;
    this.topology = topology;
    this.window = new Semaphore(window);
  }

  /** Opens a channel on {@code connection}, declares the topology and turns confirms on. */
  public static SendQueue open(Connection connection, Topology topology, int window) throws IOException {
    if (window < 1) {
      throw new IllegalArgumentException("the confirm window must be >= 1");
    }
    Channel channel = connection.createChannel();
    topology.declare(channel);
    channel.confirmSelect();
    SendQueue q = new SendQueue(channel, topology, window);
    channel.addConfirmListener((tag, multiple) -> q.settle(tag, multiple, null),
        (tag, multiple) -> q.settle(tag, multiple, new IOException("the broker refused the mail (nack)")));
    channel.addShutdownListener(q::failAll);
    // mandatory publishing: a mail no queue takes comes back (before its ack) instead of vanishing
    channel.addReturnListener(r -> q.returned(r.getProperties().getMessageId(), r.getReplyText()));
    return q;
  }

  /**
   * Publishes {@code mail}; waits while the window of unconfirmed mails is full. The future
   * completes when the broker confirms the mail, and fails when it refuses it or the channel closes
   * first (then the mail may or may not be queued: publish it again, the worker reports a repeated
   * request id as a duplicate).
   */
  public CompletableFuture<Void> publish(QueuedMail mail) throws IOException, InterruptedException {
    return publish(WireFormat.properties(mail, System.currentTimeMillis()), mail.message());
  }

  /** Publishes an already encoded message (tests use it to send malformed ones). */
  public CompletableFuture<Void> publish(AMQP.BasicProperties props, byte[] body)
      throws IOException, InterruptedException {
    window.acquire();
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    long seq = channel.getNextPublishSeqNo();
    unconfirmed.put(seq, confirmed);
    if (props.getMessageId() != null) {
      ids.put(seq, props.getMessageId());
    }
    try {
      channel.basicPublish(topology.sendExchange(), topology.sendQueue(), true, props, body);
    } catch (IOException | RuntimeException e) {
      ids.remove(seq);
      if (unconfirmed.remove(seq) != null) {
        window.release();
      }
      throw e;
    }
    return confirmed;
  }

  /** Waits until every mail published so far is confirmed. */
  public void flush(java.time.Duration timeout) throws IOException, InterruptedException, TimeoutException {
    List<CompletableFuture<Void>> pending = new ArrayList<>(unconfirmed.values());
    try {
      CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("a mail was not confirmed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Mails published and not yet confirmed. */
  public int unconfirmed() {
    return unconfirmed.size();
  }

  private void settle(long tag, boolean multiple, IOException error) {
    Map<Long, CompletableFuture<Void>> done = multiple ? unconfirmed.headMap(tag, true) : single(tag);
    for (Long seq : new ArrayList<>(done.keySet())) {
      ids.remove(seq);
      CompletableFuture<Void> f = unconfirmed.remove(seq);
      if (f != null) {
        window.release();
        if (error == null) {
          f.complete(null);
        } else {
          f.completeExceptionally(error);
        }
      }
    }
  }

  private void returned(String messageId, String why) {
    for (Map.Entry<Long, String> e : ids.entrySet()) {
      if (e.getValue().equals(messageId)) {
        ids.remove(e.getKey());
        CompletableFuture<Void> f = unconfirmed.remove(e.getKey());
        if (f != null) {
          window.release();
          f.completeExceptionally(new IOException("no queue took mail " + messageId + " (" + why
              + "): is the topology of " + topology.sendQueue() + " declared?"));
        }
        return;
      }
    }
  }

  private Map<Long, CompletableFuture<Void>> single(long tag) {
    CompletableFuture<Void> f = unconfirmed.get(tag);
    return f == null ? Map.of() : Map.of(tag, f);
  }

  private void failAll(ShutdownSignalException cause) {
    IOException error = new IOException("the channel closed before the broker confirmed the mail: "
        + cause.getMessage(), cause);
    for (Long seq : new ArrayList<>(unconfirmed.keySet())) {
      CompletableFuture<Void> f = unconfirmed.remove(seq);
      if (f != null) {
        window.release();
        f.completeExceptionally(error);
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (channel.isOpen()) {
        channel.close();
      }
    } catch (TimeoutException e) {
      throw new IOException("closing the channel timed out", e);
    }
  }
}
