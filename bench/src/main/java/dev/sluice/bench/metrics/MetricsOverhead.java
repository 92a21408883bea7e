package dev.sluice.bench.metrics;

import com.sun.management.OperatingSystemMXBean;
import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.TlsMode;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.PoolConfig;
import dev.sluice.client.bulk.RetryPolicy;
import dev.sluice.micrometer.SluiceMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code MetricsOverhead HOST PORT [MESSAGES_PER_BLOCK] [PAIRS] [CONNECTIONS] [SIZE]}: two bulk
 * senders on one event loop group, one measured into a {@link SimpleMeterRegistry} by
 * sluice-micrometer and one not, each with its own connections to the same (external, plaintext)
 * sink; blocks of messages alternate between them in pairs whose order flips (off/on, on/off…), so
 * that drift in the machine's load hits both alike. Prints the process CPU time per message of
 * each block and the ratio on/off per pair, then the median ratio.
 *
 * <p>One JVM for both keeps the JIT state alike; the cost of that is that the "off" sender runs code
 * whose metrics branches were also taken, as any application with one measured client would.
 */
public final class MetricsOverhead {

  private MetricsOverhead() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: MetricsOverhead HOST PORT [MESSAGES_PER_BLOCK] [PAIRS] [CONNECTIONS] [SIZE]");
      System.exit(2);
    }
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int block = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
    int pairs = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int connections = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    int size = args.length > 5 ? Integer.parseInt(args[5]) : 1024;

    SmtpClientConfig config = SmtpClientConfig.builder(host).port(port).tlsMode(TlsMode.NONE)
        .heloName("overhead.sluice.test").build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    int depth = 3;
    BulkConfig bulk = BulkConfig.DEFAULT.withPool(PoolConfig.DEFAULT.withMaxConnections(connections)
            .withMessagesInFlightPerConnection(depth).withMaxMessagesPerConnection(0).withMaxAge(Duration.ofDays(1)))
        .withMaxInFlight(Math.max(1000, connections * depth * 4)).withRetry(RetryPolicy.DEFAULT.withMaxAttempts(3));
    MessageContent content = MessageContent.of(message(size));
    Envelope envelope = Envelope.of("overhead@sluice.test", "rcpt@sink.test");
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    SmtpClient plain = SmtpClient.create(config); // its event loop group serves both clients
    EventLoopGroup group = plain.group();
    try (SmtpClient measured = SmtpClient.create(SluiceMeters.instrument(config, registry), group);
         BulkSender off = BulkSender.create(plain, bulk);
         BulkSender on = SluiceMeters.bulkSender(measured, bulk, registry)) {
      // Warm-up: both paths compiled before anything is timed.
      for (int i = 0; i < 4; i++) {
        run(off, envelope, content, block);
        run(on, envelope, content, block);
      }
      List<Double> ratios = new ArrayList<>();
      System.out.println("| pair | order | off µs CPU/msg | on µs CPU/msg | off msgs/s | on msgs/s | on/off |");
      System.out.println("|---|---|---|---|---|---|---|");
      for (int p = 1; p <= pairs; p++) {
        boolean offFirst = p % 2 == 1;
        double[] a = measure(offFirst ? off : on, envelope, content, block, os);
        double[] b = measure(offFirst ? on : off, envelope, content, block, os);
        double[] offResult = offFirst ? a : b;
        double[] onResult = offFirst ? b : a;
        double ratio = onResult[0] / offResult[0];
        ratios.add(ratio);
        System.out.printf(Locale.ROOT, "| %d | %s | %.2f | %.2f | %.0f | %.0f | %.3f |%n", p,
            offFirst ? "off, on" : "on, off", offResult[0], onResult[0], offResult[1], onResult[1], ratio);
      }
      double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
          : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      System.out.printf(Locale.ROOT, "%nmedian CPU per message on/off: %.3f (pairs %s; %d messages per block, "
              + "%d connections, %d bytes; %s meters registered)%n", median, Arrays.toString(sorted),
          block, connections, size, registry.getMeters().size());
      System.out.printf(Locale.ROOT, "binder check: %.0f messages delivered as counted by the meters%n",
          registry.find("sluice.messages").tag("outcome", "delivered").timer().count() * 1.0);
    } finally {
      content.release();
      plain.close();
    }
  }

  /** Returns {µs of process CPU per message, messages per second}. */
  private static double[] measure(BulkSender sender, Envelope envelope, MessageContent content, int n,
      OperatingSystemMXBean os) throws InterruptedException {
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    run(sender, envelope, content, n);
    long t1 = System.nanoTime();
    long cpu1 = os.getProcessCpuTime();
    return new double[] {(cpu1 - cpu0) / 1e3 / n, n / ((t1 - t0) / 1e9)};
  }

  private static void run(BulkSender sender, Envelope envelope, MessageContent content, int n)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      sender.submit(envelope, content).thenRun(done::countDown);
    }
    done.await();
  }

  private static byte[] message(int size) {
    StringBuilder b = new StringBuilder("From: overhead@sluice.test\r\nTo: rcpt@sink.test\r\nSubject: overhead\r\n\r\n");
    while (b.length() < size - 2) {
      b.append("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n");
    }
    b.setLength(size - 2);
    return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }
}
