package dev.sluice.cli;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.TlsMode;
import dev.sluice.client.bulk.MessageTransform;
import dev.sluice.client.bulk.RetryPolicy;
import dev.sluice.route.Router;
import dev.sluice.route.RouterConfig;
import dev.sluice.route.RouterStats;
import dev.sluice.route.shaping.Limits;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice blast --mx --domains N}: the blast through a {@link Router}, with the generated
 * recipients spread over N domains ({@code d0.SUFFIX} … {@code d(N-1).SUFFIX}), each delivered to
 * its MX hosts. Measures the cost of routing against a plain {@code blast --host} to the same sinks.
 */
final class MxBlastOptions {

  @Option(names = "--mx", description = "Deliver through MX lookups (see --domains) instead of to --host.")
  boolean enabled;

  @Option(names = "--domains", paramLabel = "N", defaultValue = "1",
      description = "With --mx: spread the recipients over N domains d0.SUFFIX … (default 1).")
  int domains;

  @Option(names = "--domain-suffix", paramLabel = "SUFFIX", defaultValue = "blast.test",
      description = "With --mx: the generated domains end in this (default blast.test).")
  String suffix;

  @Mixin
  MxOptions mx;

  int blast(long messages, long warmup, int connections, int size, int recipients, double rate, String from,
      boolean json, int ioThreads, ConnectionOptions connection, PrintWriter out, PrintWriter err,
      MessageTransform transform) {
    if (domains < 1) {
      throw new UsageException("--domains must be >= 1");
    }
    RouterConfig.Builder b = mx.toConfig(connection, err);
    RouterConfig probe = b.build();
    // Connections per destination as for --host; no message limit per connection (as blast --host).
    Limits limits = probe.shaping().defaults().overriddenBy(new Limits(connections, 0, rate, null, null));
    RouterConfig config = b.shaping(probe.shaping().withDefaults(limits)).ioThreads(ioThreads)
        .maxInFlight(Math.max(1000, connections * 12)).retry(RetryPolicy.DEFAULT.withMaxAttempts(3))
        .transform(transform).build(); // --dkim: the router signs each message (null: unsigned)
    // Message i goes to K recipients from domain (i*K) mod N on: at most N distinct envelopes, made once.
    Envelope[] envelopes = new Envelope[domains];
    for (int start = 0; start < domains; start++) {
      List<String> rcpts = new ArrayList<>();
      for (int j = 0; j < recipients; j++) {
        rcpts.add("rcpt" + j + "@d" + ((start + j) % domains) + "." + suffix);
      }
      envelopes[start] = Envelope.of(from, rcpts);
    }
    MessageGenerator generator = new MessageGenerator(from, "blast@d0." + suffix, size);
    Recorder latencies = new Recorder(3);
    try (Router router = Router.create(config)) {
      Progress progress = Progress.start(err, warmup + messages);
      long n = submit(router, generator, envelopes, recipients, 0, warmup, latencies, progress);
      waitFor(router, warmup, progress);
      RouterStats before = router.stats();
      latencies.getIntervalHistogram();
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      submit(router, generator, envelopes, recipients, n, messages, latencies, progress);
      waitFor(router, warmup + messages, progress);
      long t1 = System.nanoTime();
      long cpu1 = cpuNanos();
      progress.close();
      RouterStats after = router.stats();
      Summary s = new Summary(after.delivered() + after.partial() - before.delivered() - before.partial(),
          after.rejected() - before.rejected(), after.failed() - before.failed(), after.unknown() - before.unknown(),
          (t1 - t0) / 1e9, latencies.getIntervalHistogram(), (cpu1 - cpu0) / 1e9);
      if (json) {
        SmtpClientConfig shown = SmtpClientConfig.builder("mx").port(config.port()).heloName("blast.sluice.test")
            .tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC).build();
        String j = s.json(messages, connections, size, warmup, shown);
        out.println(j.substring(0, j.length() - 1) + ",\"domains\":" + domains + ",\"dns_queries\":"
            + after.dnsQueries() + ",\"destinations\":" + after.destinations() + "}");
      } else {
        out.println(s.line() + " domains=" + domains + " dns_queries=" + after.dnsQueries());
      }
      out.flush();
      return s.delivered() == messages ? ExitCodes.OK : s.delivered() == 0 ? ExitCodes.CONNECTION : ExitCodes.REJECTED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("sluice: interrupted");
      return ExitCodes.TIMEOUT_OR_PROTOCOL;
    }
  }

  private long submit(Router router, MessageGenerator generator, Envelope[] envelopes, int k, long first, long count,
      Recorder latencies, Progress progress) throws InterruptedException {
    for (long i = first; i < first + count; i++) {
      MessageContent m = generator.message(i);
      long started = System.nanoTime();
      router.submit(envelopes[(int) ((i * k) % envelopes.length)], m)
          .thenRun(() -> latencies.recordValue(Math.max(1, (System.nanoTime() - started) / 1000)));
      m.release();
      if ((i & 1023) == 0) {
        progress.update(router.stats().finished());
      }
    }
    return first + count;
  }

  private static void waitFor(Router router, long finished, Progress progress) throws InterruptedException {
    while (router.stats().finished() < finished) {
      progress.update(router.stats().finished());
      Thread.sleep(5);
    }
    progress.update(router.stats().finished());
  }

  private static long cpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }
}
