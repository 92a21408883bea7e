package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Consumes the outcomes queue into an {@link OutcomeTally} until enough distinct request ids have
 * an outcome or the time is up. A message may carry several records ({@link OutcomeRecord#readAll}).
 * Messages are acked (removed) in batches once tallied; a record that is not valid JSON is reported
 * and acked (it would block the queue otherwise).
 */
public final class OutcomeReader {

  private record Item(long tag, byte[] body, String messageId) {}

  private OutcomeReader() {}

  /**
   * Reads until {@code expect} distinct ids (0: until the queue stays empty for a second) or
   * {@code timeout}.
   *
   * @param each called with every record, duplicates included, in order
   * @param problems called with a line for every unreadable record
   */
  public static OutcomeTally read(Connection connection, Topology topology, long expect, Duration timeout,
      Consumer<OutcomeRecord> each, Consumer<String> problems) throws IOException, InterruptedException {
    OutcomeTally tally = new OutcomeTally();
    BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    Channel channel = connection.createChannel();
    try {
      topology.declare(channel);
      channel.basicQos(1000);
      String tag = channel.basicConsume(topology.outcomesQueue(), false, new DefaultConsumer(channel) {
        @Override
        public void handleDelivery(String t, Envelope e, AMQP.BasicProperties props, byte[] body) {
          items.add(new Item(e.getDeliveryTag(), body, props.getMessageId()));
        }
      });
      long deadline = System.nanoTime() + timeout.toNanos();
      long lastTag = -1;
      int unacked = 0;
      while ((expect <= 0 || tally.outcomes() < expect) && System.nanoTime() < deadline) {
        Item item = items.poll(expect <= 0 ? 1000 : 100, TimeUnit.MILLISECONDS);
        if (item == null) {
          if (unacked > 0) {
            channel.basicAck(lastTag, true);
            unacked = 0;
          }
          if (expect <= 0) {
            break;
          }
          continue;
        }
        for (OutcomeRecord r : OutcomeRecord.readAll(item.body(), why -> problems.accept(
            "unreadable outcome record " + WireFormat.printable(item.messageId()) + ": " + WireFormat.printable(why)))) {
          tally.add(r);
          each.accept(r);
        }
        lastTag = item.tag();
        if (++unacked >= 500) {
          channel.basicAck(lastTag, true);
          unacked = 0;
        }
      }
      if (unacked > 0) {
        channel.basicAck(lastTag, true);
      }
      channel.basicCancel(tag);
    } finally {
      try {
        if (channel.isOpen()) {
          channel.close(); // what was delivered and not acked goes back to the queue
        }
      } catch (TimeoutException e) {
        // closing anyway
      }
    }
    return tally;
  }
}
