package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Consumes the send queue and sends each mail through a {@link MailSender}: a thin adapter with
 * no SMTP knowledge of its own.
 *
 * <p>Invariant: a delivery is acked only after everything {@link Settlement} planned for it — the
 * outcome record, the retry copy, the dead letter — was confirmed by the broker. A crash anywhere
 * before the ack makes the broker redeliver it (flagged {@code redelivered}); so delivery is
 * at-least-once, or with {@link WorkerConfig#atMostOnce()} a redelivered mail becomes UNKNOWN
 * without being sent again.
 *
 * <p>Threads: the client's consumer thread decodes and submits (waiting only when the sender is
 * full, which the prefetch prevents); sends complete on Netty's event loops, which only put the
 * result on a queue; one settler thread publishes, waits for the confirms of a whole batch and acks
 * it — so no event loop ever does blocking broker I/O, and one {@code waitForConfirms} covers many
 * mails. Backpressure is end to end: the broker sends at most {@code prefetch} unacked mails.
 */
public final class Worker implements AutoCloseable {

  /**
   * Mails settled with one confirm wait at most. While the settler waits for a confirm (a quorum
   * write: tens of ms on a busy box) the finished mails pile up; taking them all next time keeps the
   * waits from capping the rate (a cap of 256 per wait held the worker at 256 / confirm latency).
   */
  private static final int SETTLE_BATCH = 2048;

  private final Connection connection;
  private final MailSender sender;
  private final WorkerConfig config;
  private final Consumer<String> log;
  private final BlockingQueue<Settlement.Finished> finished = new LinkedBlockingQueue<>();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong settled = new AtomicLong();
  /** Delivery tags received and not yet acked, in order: a settled prefix is acked with one frame. */
  private final java.util.concurrent.ConcurrentSkipListSet<Long> unacked =
      new java.util.concurrent.ConcurrentSkipListSet<>();
  private final CountDownLatch settlerDone = new CountDownLatch(1);
  private Channel channel;
  private String consumerTag;
  private Thread settler;
  private RetryMover mover;
  private volatile boolean stopping;

  private Worker(Connection connection, MailSender sender, WorkerConfig config, Consumer<String> log) {
    this.connection = connection;
    this.sender = sender;
    this.config = config;
    this.log = log;
  }

  /**
   * Declares the topology and starts consuming.
   *
   * @param log where to say what happened (recoveries, malformed mails, settle failures); one line each
   */
  public static Worker start(Connection connection, MailSender sender, WorkerConfig config, Consumer<String> log)
      throws IOException {
    Worker w = new Worker(connection, sender, config, log);
    w.begin();
    return w;
  }

  private void begin() throws IOException {
    channel = connection.createChannel();
    config.topology().declare(channel);
    channel.confirmSelect();
    channel.basicQos(config.prefetch());
    settler = new Thread(this::settleLoop, "sluice-worker-settler");
    settler.setDaemon(true);
    settler.start();
    mover = new RetryMover(connection, config.topology(), log);
    mover.start();
    consumerTag = channel.basicConsume(config.topology().sendQueue(), false, config.workerId(),
        new DefaultConsumer(channel) {
          @Override
          public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            receive(envelope, props, body);
          }

          @Override
          public void handleCancel(String tag) {
            // the broker cancelled us (the queue was deleted or moved): say so; recovery cannot help
            log.accept("the broker cancelled the consumer of " + config.topology().sendQueue());
          }

        });
    // with automatic recovery the consumer hears nothing of a dropped connection: the channel does
    channel.addShutdownListener(sig -> {
      if (!stopping) {
        log.accept("channel closed (" + sig.getMessage() + "); recovering, unacked mails will be redelivered");
      }
    });
  }

  private void receive(Envelope envelope, AMQP.BasicProperties props, byte[] body) {
    long now = System.currentTimeMillis();
    long tag = envelope.getDeliveryTag();
    boolean redelivered = envelope.isRedeliver();
    unacked.add(tag);
    inFlight.incrementAndGet();
    received.incrementAndGet();
    QueuedMail mail;
    try {
      mail = WireFormat.decode(props, body, config.maxMessageBytes());
    } catch (MalformedMailException e) {
      log.accept("dead-lettering message " + WireFormat.printable(props == null ? null : props.getMessageId())
          + ": " + e.getMessage());
      finished.add(new Settlement.Finished(tag, props, body, redelivered, now, null, e.getMessage(), null));
      return;
    }
    if ((redelivered || WireFormat.redeliveredBefore(props)) && config.atMostOnce()) {
      MailSender.Attempt unknown = new MailSender.Attempt(OutcomeRecord.Status.UNKNOWN, null,
          new IllegalStateException("redelivered after a worker or connection failure, it may have been sent; "
              + "not sent again (--at-most-once)"),
          false, null);
      finished.add(new Settlement.Finished(tag, props, body, redelivered, now, mail, null, unknown));
      return;
    }
    try {
      sender.send(mail).whenComplete((attempt, error) -> {
        MailSender.Attempt a = attempt != null ? attempt
            : new MailSender.Attempt(OutcomeRecord.Status.FAILED, null, error, true, null);
        finished.add(new Settlement.Finished(tag, props, body, redelivered, now, mail, null, a));
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      inFlight.decrementAndGet();
      unacked.remove(tag);
      // not acked: the broker redelivers it once this channel closes
    } catch (RuntimeException e) {
      finished.add(new Settlement.Finished(tag, props, body, redelivered, now, mail, null,
          new MailSender.Attempt(OutcomeRecord.Status.FAILED, null, e, true, null)));
    }
  }

  private void settleLoop() {
    List<Settlement.Finished> batch = new ArrayList<>(SETTLE_BATCH);
    try {
      while (!(stopping && inFlight.get() == 0 && finished.isEmpty())) {
        Settlement.Finished first = finished.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        finished.drainTo(batch, SETTLE_BATCH - 1);
        settle(batch);
        inFlight.addAndGet(-batch.size());
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      settlerDone.countDown();
    }
  }

  /** Publishes what the batch needs, waits for the confirms, then acks; on failure acks nothing. */
  private void settle(List<Settlement.Finished> batch) throws InterruptedException {
    long now = System.currentTimeMillis();
    try {
      List<Settlement.Publication> all = new ArrayList<>(batch.size() + 8);
      for (Settlement.Finished f : batch) {
        all.addAll(Settlement.plan(f, config, now));
      }
      for (Settlement.Publication p : Settlement.merge(config.topology(), all)) {
        channel.basicPublish(p.exchange(), p.routingKey(), false, p.props(), p.body());
      }
      channel.waitForConfirmsOrDie(30_000);
      ack(batch);
      settled.addAndGet(batch.size());
    } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
      // Not confirmed: ack nothing. Whatever was published may be repeated when the broker
      // redelivers (a duplicate outcome, flagged redelivered) but nothing is lost.
      log.accept("could not settle " + batch.size() + " mails (" + e + "); they stay unacked and will be redelivered");
      for (Settlement.Finished f : batch) {
        unacked.remove(f.tag());
        try {
          channel.basicNack(f.tag(), false, true);
        } catch (IOException | RuntimeException ignored) {
          // the channel is gone: the broker requeues them itself
        }
      }
      Thread.sleep(200);
    }
  }

  /**
   * Acks a confirmed batch: the longest run of settled tags at the head of {@link #unacked} with one
   * {@code multiple=true} frame (sends finish roughly in order, so that is most of them), the rest
   * one by one. A multiple ack never covers a tag that is not settled: every delivery's tag enters
   * {@code unacked} before it can be settled, and tags arrive in increasing order.
   */
  private void ack(List<Settlement.Finished> batch) throws IOException {
    java.util.TreeSet<Long> done = new java.util.TreeSet<>();
    for (Settlement.Finished f : batch) {
      done.add(f.tag());
    }
    long upTo = -1;
    for (Long head = unacked.isEmpty() ? null : unacked.first(); head != null && done.remove(head);
        head = unacked.isEmpty() ? null : unacked.first()) {
      unacked.remove(head);
      upTo = head;
    }
    if (upTo >= 0) {
      channel.basicAck(upTo, true);
    }
    for (Long tag : done) {
      unacked.remove(tag);
      channel.basicAck(tag, false);
    }
  }

  /** Mails received so far (redeliveries included). */
  public long received() {
    return received.get();
  }

  /** Mails settled (outcome, retry copy or dead letter confirmed, then acked). */
  public long settled() {
    return settled.get();
  }

  /** Mails received and not yet settled. */
  public long inFlight() {
    return inFlight.get();
  }

  /**
   * Graceful stop: no new mails, the ones in flight are finished and settled (for at most the
   * configured grace), then the channel closes and the broker requeues whatever is left unacked.
   */
  /** Retry copies brought back from the delay tiers by this worker. */
  public long retriesMoved() {
    return mover.moved();
  }

  @Override
  public void close() {
    stopping = true;
    mover.stop();
    try {
      if (channel.isOpen() && consumerTag != null) {
        channel.basicCancel(consumerTag);
      }
    } catch (IOException | RuntimeException e) {
      log.accept("could not cancel the consumer: " + e);
    }
    try {
      if (!settlerDone.await(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        log.accept(inFlight.get() + " mails still in flight after " + config.shutdownGrace().toSeconds()
            + " s; they stay unacked and will be redelivered");
        settler.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (channel.isOpen()) {
        channel.close();
      }
    } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
      // the connection is going away anyway
    }
  }
}
