package dev.sluice.cli;

import dev.sluice.client.Credentials;
import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkListener;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.BulkStats;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.client.bulk.PoolConfig;
import dev.sluice.client.bulk.RetryPolicy;
import dev.sluice.sink.SmtpSink;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sluice blast}: sends many generated messages as fast as the server (and --rate) allow,
 * and reports one summary line. Without --host it starts the embedded sink (STARTTLS and AUTH with a
 * self-signed certificate trusted for this run only) and blasts at it.
 */
@Command(name = "blast", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Send many generated messages and measure the throughput.", "",
        "Without --host, an embedded sink is started (STARTTLS + AUTH, self-signed, trusted for this run only).",
        "Ends with: delivered=N rejected=R failed=F unknown=U seconds=S msgs_per_s=X p50_ms=A p99_ms=B cpu_s=C",
        "(seconds, msgs_per_s and cpu_s cover the timed part only, after --warmup messages; cpu_s is this "
            + "process's CPU time, embedded sink included when there is one).", "",
        "With --profile office365 it sends to smtp.office365.com, from and to the --user mailbox, within Office 365's "
            + "limits per mailbox (at most 3 connections and 30 messages a minute; defaults: 30 messages, no warmup)."})
final class BlastCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--host", paramLabel = "H", description = "SMTP server (default: an embedded sink).")
  String host;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  MetricsOptions metrics;

  @Mixin
  MxBlastOptions mx;

  @Mixin
  DkimOptions dkim;

  @Option(names = "--messages", paramLabel = "N", description = "Messages to send (timed; default 20000).")
  Long messagesOption;

  @Option(names = "--connections", paramLabel = "C", description = "Connections to use (default 8).")
  Integer connectionsOption;

  @Option(names = "--size", paramLabel = "BYTES", defaultValue = "1024", description = "Size of each message.")
  int size;

  @Option(names = "--recipients", paramLabel = "K", defaultValue = "1", description = "Recipients per message.")
  int recipients;

  @Option(names = "--rate", paramLabel = "R", defaultValue = "0", description = "At most R messages per second (0: no limit).")
  double rate;

  @Option(names = "--warmup", paramLabel = "N", description = "Untimed messages first, over the same connections "
      + "(default 2000).")
  Long warmupOption;

  @Option(names = "--from", paramLabel = "ADDR", description = "Envelope sender (default blast@sluice.test).")
  String from;

  @Option(names = "--json", description = "Print the summary as JSON.")
  boolean json;

  @Option(names = "--io-threads", paramLabel = "T", defaultValue = "0",
      description = "Client event loop threads (0: one per core).")
  int ioThreads;

  private long messages;
  private int connections;
  private long warmup;
  /** Where the messages go: generated addresses at the sink's domain, or the user's own mailbox. */
  private List<String> rcpts;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      settle(err);
    } catch (UsageException e) {
      return Failures.report(err, e);
    }
    if (messages < 1 || connections < 1 || size < 64 || recipients < 1 || warmup < 0 || rate < 0) {
      err.println("sluice: --messages, --connections and --recipients must be >= 1, --size >= 64, --warmup and --rate >= 0");
      return ExitCodes.USAGE;
    }
    if (mx.enabled) {
      try {
        return mx.blast(messages, warmup, connections, size, recipients, rate, from, json, ioThreads, connection, out, err);
      } catch (RuntimeException e) {
        return Failures.report(err, e);
      }
    }
    SmtpSink sink = null;
    try {
      SmtpClientConfig.Builder config;
      if (connection.host(host) == null) {
        String user = "blast@sluice.test";
        String password = UUID.randomUUID().toString();
        sink = SmtpSink.builder().bind("127.0.0.1").port(0).tls(dev.sluice.sink.TlsMode.STARTTLS)
            .user(user, password).countOnly().start();
        config = SmtpClientConfig.builder("127.0.0.1").port(sink.port()).tlsMode(TlsMode.STARTTLS_REQUIRED)
            .trust(TrustConfig.certificates(List.of(sink.certificate().certificate())))
            .credentials(Credentials.password(user, password)).heloName("blast.sluice.test");
        err.println("sluice: blasting the embedded sink at 127.0.0.1:" + sink.port() + " (STARTTLS + AUTH PLAIN)");
      } else {
        config = connection.toConfig(connection.host(host));
      }
      if (connection.trace) {
        config.trace(new StderrTrace(err));
      }
      return blast(metrics.instrument(config.ioThreads(ioThreads).build(), err), out, err);
    } catch (RuntimeException e) {
      return Failures.report(err, e);
    } finally {
      metrics.close();
      if (sink != null) {
        sink.close();
      }
    }
  }

  private int blast(SmtpClientConfig config, PrintWriter out, PrintWriter err) {
    Recorder latencies = new Recorder(3);
    int depth = 3;
    PoolConfig pool = connection.isOffice365()
        ? PoolConfig.OFFICE_365.withMaxConnections(connections).withMessagesPerSecond(rate)
        : PoolConfig.DEFAULT.withMaxConnections(connections).withMessagesInFlightPerConnection(depth)
            .withMaxMessagesPerConnection(0).withMessagesPerSecond(rate).withMaxAge(Duration.ofDays(1));
    BulkListener listener = new BulkListener() {
      @Override
      public void outcome(Outcome outcome, long latencyNanos) {
        latencies.recordValue(Math.max(1, latencyNanos / 1000));
      }
    };
    BulkConfig bulk = BulkConfig.DEFAULT.withPool(pool).withMaxInFlight(Math.max(1000, connections * depth * 4))
        .withRetry(RetryPolicy.DEFAULT.withMaxAttempts(3)).withListener(listener);
    bulk = dkim.apply(bulk, from);
    MessageGenerator generator = new MessageGenerator(from, connection.isOffice365() ? rcpts.get(0) : "blast@sink.test",
        size);
    Envelope envelope = Envelope.of(from, rcpts);
    try (SmtpClient client = SmtpClient.create(config); BulkSender sender = metrics.bulkSender(client, bulk)) {
      Progress progress = Progress.start(err, warmup + messages);
      long n = 0;
      n = submit(sender, generator, envelope, n, warmup, progress);
      waitFor(sender, warmup, progress);
      BulkStats before = sender.stats();
      if (before.delivered() == 0 && warmup > 0) {
        progress.close();
        return reportSetupFailure(sender, err);
      }
      latencies.getIntervalHistogram();
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      submit(sender, generator, envelope, n, messages, progress);
      waitFor(sender, warmup + messages, progress);
      long t1 = System.nanoTime();
      long cpu1 = cpuNanos();
      progress.close();
      BulkStats after = sender.stats();
      Summary s = new Summary(after.delivered() - before.delivered(), after.rejected() - before.rejected(),
          after.failed() - before.failed(), after.unknown() - before.unknown(), (t1 - t0) / 1e9,
          latencies.getIntervalHistogram(), (cpu1 - cpu0) / 1e9);
      out.println(json ? s.json(messages, connections, size, warmup, config) : s.line());
      out.flush();
      if (s.delivered() == 0) {
        return reportSetupFailure(sender, err);
      }
      return s.delivered() == messages ? ExitCodes.OK : ExitCodes.REJECTED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("sluice: interrupted");
      return ExitCodes.TIMEOUT_OR_PROTOCOL;
    }
  }

  /**
   * Settles the defaults: the usual ones, or Office 365's. Its limits are per mailbox and enforced
   * by the service (432 4.3.2, 421 4.4.2), so going beyond them only measures its refusals.
   */
  private void settle(PrintWriter err) {
    boolean office365 = connection.isOffice365();
    messages = messagesOption != null ? messagesOption : office365 ? 30 : 20000;
    warmup = warmupOption != null ? warmupOption : office365 ? 0 : 2000;
    connections = connectionsOption != null ? connectionsOption : office365 ? PoolConfig.OFFICE_365.maxConnections() : 8;
    rcpts = new ArrayList<>();
    if (!office365) {
      from = from != null ? from : "blast@sluice.test";
      for (int i = 0; i < recipients; i++) {
        rcpts.add("rcpt" + i + "@sink.test");
      }
      return;
    }
    if (connection.user == null) {
      throw new UsageException("--profile office365 needs --user (and a token or password)");
    }
    if (recipients != 1) {
      throw new UsageException("with --profile office365 every message goes to your own mailbox: --recipients must be 1");
    }
    from = from != null ? from : connection.user;
    rcpts.add(connection.user);
    double limit = PoolConfig.OFFICE_365.messagesPerSecond();
    if (connections > PoolConfig.OFFICE_365.maxConnections() || rate > limit) {
      err.println("sluice: Office 365 allows " + PoolConfig.OFFICE_365.maxConnections() + " connections and 30 "
          + "messages a minute per mailbox; keeping to that");
    }
    connections = Math.min(connections, PoolConfig.OFFICE_365.maxConnections());
    rate = rate > 0 ? Math.min(rate, limit) : limit;
  }

  private long submit(BulkSender sender, MessageGenerator generator, Envelope envelope, long first, long count,
      Progress progress) throws InterruptedException {
    for (long i = 0; i < count; i++) {
      MessageContent m = generator.message(first + i);
      sender.submit(envelope, m);
      m.release();
      if ((i & 1023) == 0) {
        progress.update(sender.stats().finished());
      }
    }
    return first + count;
  }

  private static void waitFor(BulkSender sender, long finished, Progress progress) throws InterruptedException {
    while (sender.stats().finished() < finished) {
      progress.update(sender.stats().finished());
      Thread.sleep(5);
    }
    progress.update(sender.stats().finished());
  }

  private static int reportSetupFailure(BulkSender sender, PrintWriter err) {
    var failure = sender.pool().lastConnectFailure();
    if (failure != null) {
      return Failures.report(err, failure);
    }
    err.println("sluice: no message was delivered");
    return ExitCodes.REJECTED;
  }

  private static long cpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }
}
