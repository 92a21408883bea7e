package dev.sluice.bench.peers;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sluice blast}'s measurement with NioSmtpClient ({@link NioSmtpSessions}), for
 * {@code bench/scripts/compare.sh}: WARMUP untimed messages, then MESSAGES timed ones over the same
 * sessions, and one line in blast's format:
 * {@code delivered=N seconds=S msgs_per_s=X cpu_s=C} (cpu_s: this process's CPU time during the timed
 * part, as blast's).
 *
 * <p>Like blast, every message is its own: built into a fresh pooled direct buffer when it is sent,
 * with its own Message-ID, so that both pay for making distinct messages (and for whatever a client
 * does per new message) and neither sends one cached buffer again and again.
 *
 * <pre>java -cp bench-peers/target/peers-benchmarks.jar dev.sluice.bench.peers.NioSmtpBlast \
 *     --host 127.0.0.1 --port 25251 --connections 10 --messages 300000 --warmup 300000 --size 1024</pre>
 */
public final class NioSmtpBlast {

  private NioSmtpBlast() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>(Map.of("--host", "127.0.0.1", "--connections", "10",
        "--messages", "100000", "--warmup", "100000", "--size", "1024", "--tls", "none"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!opts.containsKey(args[i]) && !args[i].equals("--port") && !args[i].equals("--cert")) {
        System.err.println("unknown option " + args[i]);
        System.exit(2);
      }
      opts.put(args[i], args[i + 1]);
    }
    if (!opts.containsKey("--port")) {
      System.err.println("usage: NioSmtpBlast --port P [--host H] [--connections C] [--messages N] [--warmup W] "
          + "[--size BYTES] [--tls none|starttls-jdk] [--cert PEM]");
      System.exit(2);
    }
    PeerSink sink = new PeerSink(opts.get("--host"), Integer.parseInt(opts.get("--port")),
        opts.containsKey("--cert") ? java.nio.file.Path.of(opts.get("--cert")) : null);
    long count = Long.parseLong(opts.get("--messages"));
    long warmup = Long.parseLong(opts.get("--warmup"));
    Messages messages = new Messages(Mail.message(Integer.parseInt(opts.get("--size"))));
    try (NioSmtpSessions sessions = new NioSmtpSessions(sink, Integer.parseInt(opts.get("--connections")),
        Peers.starttls(opts.get("--tls")))) {
      for (long i = 0; i < warmup; i++) {
        sessions.send(messages.next());
      }
      sessions.awaitIdle();
      long before = sessions.delivered();
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      for (long i = 0; i < count; i++) {
        sessions.send(messages.next());
      }
      sessions.awaitIdle();
      long t1 = System.nanoTime();
      long cpu1 = cpuNanos();
      long delivered = sessions.delivered() - before;
      double seconds = (t1 - t0) / 1e9;
      System.out.printf(Locale.ROOT, "delivered=%d seconds=%.3f msgs_per_s=%.0f cpu_s=%.3f%n", delivered, seconds,
          delivered / seconds, (cpu1 - cpu0) / 1e9);
      if (delivered != count) {
        System.exit(1);
      }
    }
  }

  /** Distinct copies of one message: the Message-ID's local part is replaced by a counter. */
  private static final class Messages {
    private static final byte[] ID = "<bench@".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final byte[] template;
    private final int idAt;
    private long n;

    Messages(byte[] template) {
      this.template = template;
      this.idAt = indexOf(template, ID) + 1; // "bench" is 5 letters: replaced by 5 base-36 digits
    }

    io.netty.buffer.ByteBuf next() {
      io.netty.buffer.ByteBuf buf = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(template.length);
      buf.writeBytes(template);
      String id = Long.toString(n++ % 60_466_176L + 60_466_176L, 36).substring(1); // 5 digits
      for (int i = 0; i < 5; i++) {
        buf.setByte(idAt + i, id.charAt(i));
      }
      return buf;
    }

    private static int indexOf(byte[] a, byte[] b) {
      outer:
      for (int i = 0; i + b.length <= a.length; i++) {
        for (int j = 0; j < b.length; j++) {
          if (a[i + j] != b[j]) {
            continue outer;
          }
        }
        return i;
      }
      throw new IllegalArgumentException("no Message-ID in the message");
    }
  }

  private static long cpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }
}
