package dev.sluice.bench.rtt;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.TlsMode;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.PoolConfig;
import dev.sluice.sink.Extension;
import dev.sluice.sink.SmtpSink;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Messages per round trip: Sluice sends 1 KiB messages for a while over C connections through a
 * {@link DelayProxy} to the sink (CHUNKING offered or not), and prints msgs/s × RTT / C, the number
 * of messages one connection completes per round trip. A client that waits for each reply scores
 * at most 1; pipelining across messages is what lifts it above.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sluice.bench.rtt.RoundTripMain \
 *     [--rtt-ms 1,5,20,50] [--connections 1,10] [--seconds 5] [--chunking on|off|both] [--window W]
 *     [--target HOST:PORT]
 * </pre>
 * With {@code --target} the proxy points at a server of one's own (Postfix, exim…) instead of a sink
 * started here; it must accept mail from {@code rtt@sluice.test} to {@code rtt@sink.test}, no TLS.
 */
public final class RoundTripMain {

  private RoundTripMain() {}

  /** One measurement. */
  public record Row(String server, double rttMs, int connections, long delivered, double seconds) {
    public double msgsPerSecond() {
      return delivered / seconds;
    }

    public double perRoundTrip() {
      return msgsPerSecond() * rttMs / 1000.0 / connections;
    }
  }

  /** {@link SmtpClientConfig#bdatWindow()}; {@code --window}. */
  private static int window = SmtpClientConfig.DEFAULT_BDAT_WINDOW;

  public static void main(String[] args) throws Exception {
    List<Double> rtts = List.of(1.0, 5.0, 20.0, 50.0);
    List<Integer> conns = List.of(1, 10);
    double seconds = 5;
    String chunking = "both";
    InetSocketAddress target = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rtt-ms" -> rtts = splitDoubles(args[i + 1]);
        case "--connections" -> conns = splitDoubles(args[i + 1]).stream().map(Double::intValue).toList();
        case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
        case "--chunking" -> chunking = args[i + 1];
        case "--window" -> window = Integer.parseInt(args[i + 1]);
        case "--target" -> {
          String t = args[i + 1];
          target = new InetSocketAddress(t.substring(0, t.lastIndexOf(':')), Integer.parseInt(t.substring(t.lastIndexOf(':') + 1)));
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<Row> rows = new ArrayList<>();
    List<Boolean> modes = target != null ? List.of(true) : switch (chunking) {
      case "on" -> List.of(true);
      case "off" -> List.of(false);
      default -> List.of(true, false);
    };
    for (boolean chunk : modes) {
      for (double rtt : rtts) {
        for (int c : conns) {
          Row row = measure(target, chunk, rtt, c, seconds);
          rows.add(row);
          System.err.printf(Locale.ROOT, "%s rtt=%.0fms connections=%d: %.0f msgs/s, %.2f per round trip per connection%n",
              row.server(), rtt, c, row.msgsPerSecond(), row.perRoundTrip());
        }
      }
    }
    System.out.println("| server | RTT ms | connections | msgs/s | messages per round trip per connection |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (Row r : rows) {
      System.out.printf(Locale.ROOT, "| %s | %.0f | %d | %.0f | %.2f |%n", r.server(), r.rttMs(), r.connections(),
          r.msgsPerSecond(), r.perRoundTrip());
    }
  }

  /** Sends for {@code seconds} (after one second of warmup) and counts what was delivered. */
  public static Row measure(InetSocketAddress target, boolean chunking, double rttMs, int connections, double seconds)
      throws Exception {
    SmtpSink sink = null;
    if (target == null) {
      var b = SmtpSink.builder().bind("127.0.0.1").port(0).countOnly();
      if (!chunking) {
        b.disable(Extension.CHUNKING, Extension.BINARYMIME);
      }
      sink = b.start();
      target = new InetSocketAddress("127.0.0.1", sink.port());
    }
    String server = sink != null ? (chunking ? "sink (CHUNKING)" : "sink (DATA)") : "server at " + target.getPort();
    Duration oneWay = Duration.ofNanos((long) (rttMs * 500_000));
    try (DelayProxy proxy = DelayProxy.start(new InetSocketAddress("127.0.0.1", 0), target, oneWay)) {
      SmtpClientConfig config = SmtpClientConfig.builder("127.0.0.1").port(proxy.port()).tlsMode(TlsMode.NONE)
          .heloName("rtt.sluice.test").bdatWindow(window).build();
      int depth = 32;
      BulkConfig bulk = BulkConfig.DEFAULT.withPool(PoolConfig.DEFAULT.withMaxConnections(connections)
          .withMessagesInFlightPerConnection(depth).withMaxMessagesPerConnection(0).withMaxAge(Duration.ofDays(1)))
          .withMaxInFlight(connections * depth * 2);
      Envelope envelope = Envelope.of("rtt@sluice.test", List.of("rtt@sink.test"));
      try (SmtpClient client = SmtpClient.create(config); BulkSender sender = BulkSender.create(client, bulk)) {
        long end = System.nanoTime() + (long) (1e9 * (1 + seconds));
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        long n = 0;
        long delivered0 = -1;
        long t0 = 0;
        while (System.nanoTime() - end < 0) {
          if (delivered0 < 0 && System.nanoTime() - warmEnd >= 0) {
            delivered0 = sender.stats().delivered();
            t0 = System.nanoTime();
          }
          MessageContent m = message(n++);
          var ignored = sender.trySubmit(envelope, m, 10, java.util.concurrent.TimeUnit.MILLISECONDS);
          m.release();
        }
        long delivered1 = sender.stats().delivered();
        var st = sender.stats();
        if (st.rejected() + st.failed() + st.unknown() + st.retries() > 0) {
          System.err.println("not all delivered: " + st);
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        return new Row(server, rttMs, connections, delivered1 - Math.max(0, delivered0), elapsed);
      }
    } finally {
      if (sink != null) {
        sink.close();
      }
    }
  }

  private static MessageContent message(long n) {
    StringBuilder b = new StringBuilder(1100);
    b.append("From: rtt@sluice.test\r\nTo: rtt@sink.test\r\nSubject: rtt\r\nMessage-ID: <rtt-").append(n)
        .append("@sluice.test>\r\n\r\n");
    while (b.length() < 1022) {
      b.append("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n");
    }
    b.setLength(1022);
    b.append("\r\n");
    return MessageContent.of(b.toString().getBytes(StandardCharsets.US_ASCII));
  }

  private static List<Double> splitDoubles(String s) {
    List<Double> out = new ArrayList<>();
    for (String p : s.split(",")) {
      out.add(Double.parseDouble(p.strip()));
    }
    return out;
  }
}
