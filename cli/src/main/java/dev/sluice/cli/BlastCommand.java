package dev.sluice.cli;

import dev.sluice.client.Envelope;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.BulkStats;
import dev.sluice.client.bulk.PoolConfig;
import dev.sluice.client.bulk.RetryPolicy;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sluice blast}: a load generator. Closed loop by default (as fast as the server takes
 * messages), open loop with {@code --rate} (on schedule, latency from the intended send time); a
 * number of messages or a {@code --duration}; ends with the contract's summary line, and optionally
 * a per-second timeline and an HTML report. Without --host it starts the embedded sink (see
 * {@link EmbeddedTarget}) and blasts at it.
 *
 * <p>Structure: options (own ones here, shared ones in mixins), {@link #settle} for the defaults,
 * {@link #call} for the target, {@link #blast} for the run ({@link BlastRun} submits,
 * {@link Timeline} samples, {@link BlastMetrics} times the SMTP steps).
 */
@Command(name = "blast", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Send many messages and measure throughput and latency: closed loop (default) or open loop "
        + "(--rate), for a number of messages or a --duration; --timeline and --report record the run.", "",
        "Without --host, an embedded sink is started (STARTTLS + AUTH, self-signed, trusted for this run only; "
            + "--tls none: plaintext without AUTH; --tls implicit: implicit TLS).",
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
  LoadOptions load;

  @Mixin
  MetricsOptions metrics;

  @Mixin
  MxBlastOptions mx;

  @Mixin
  DkimOptions dkim;

  @Option(names = "--messages", paramLabel = "N", description = "Messages to send (timed; default 20000; see --duration).")
  Long messagesOption;

  @Option(names = "--connections", paramLabel = "C", description = "Connections to use (default 8).")
  Integer connectionsOption;

  @Option(names = "--size", paramLabel = "BYTES", defaultValue = "1024", description = "Size of each message.")
  int size;

  @Option(names = "--recipients", paramLabel = "K", defaultValue = "1", description = "Recipients per message.")
  int recipients;

  @Option(names = "--rate", paramLabel = "R", defaultValue = "0", description = "Open loop: one message every 1/R s "
      + "whatever the replies do, latency measured from when each was due (0, the default: closed loop, as fast as "
      + "the server takes them).")
  double rate;

  @Option(names = "--warmup", paramLabel = "N", description = "Untimed messages first, over the same connections "
      + "(default 2000).")
  Long warmupOption;

  @Option(names = "--from", paramLabel = "ADDR", description = "Envelope sender (default blast@sluice.test).")
  String from;

  @Option(names = "--json", description = "Print the summary as JSON.")
  boolean json;

  @Option(names = "--bdat-window", paramLabel = "W", defaultValue = "8",
      description = "With CHUNKING and PIPELINING: BDAT transactions in flight per connection before waiting for "
          + "replies (1: one at a time).")
  int bdatWindow;

  @Option(names = "--io-threads", paramLabel = "T", defaultValue = "0",
      description = "Client event loop threads (0: one per core).")
  int ioThreads;

  @picocli.CommandLine.Mixin TransportOption transport;

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
    if (messages < 1 || connections < 1 || size < 64 || recipients < 1 || warmup < 0 || rate < 0 || bdatWindow < 1) {
      err.println("sluice: --messages, --connections, --recipients and --bdat-window must be >= 1, --size >= 64, "
          + "--warmup and --rate >= 0");
      return ExitCodes.USAGE;
    }
    if (messagesOption != null && load.duration != null) {
      err.println("sluice: --messages and --duration cannot be combined: choose one");
      return ExitCodes.USAGE;
    }
    if (mx.enabled) {
      try {
        return mx.blast(messages, warmup, connections, size, recipients, rate, from, json, ioThreads, connection, out, err,
            dkim.signer(from));
      } catch (RuntimeException e) {
        return Failures.report(err, e);
      }
    }
    EmbeddedTarget embedded = null;
    try {
      SmtpClientConfig.Builder config;
      if (connection.host(host) == null) {
        embedded = EmbeddedTarget.start(connection);
        config = embedded.config();
        err.println("sluice: blasting " + embedded.description());
      } else {
        config = connection.toConfig(connection.host(host));
      }
      if (connection.trace) {
        config.trace(new StderrTrace(err));
      }
      MessageSource source = load.eml != null ? EmlMessages.load(load.eml, from)
          : new MessageGenerator(from, connection.isOffice365() ? rcpts.get(0) : "blast@sink.test", size);
      BlastMetrics smtp = new BlastMetrics();
      return blast(metrics.instrument(transport.apply(config).ioThreads(ioThreads).metrics(smtp).bdatWindow(bdatWindow).build(), err),
          source, smtp, out, err);
    } catch (RuntimeException e) {
      return Failures.report(err, e);
    } finally {
      metrics.close();
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private int blast(SmtpClientConfig config, MessageSource source, BlastMetrics smtp, PrintWriter out,
      PrintWriter err) {
    // Enough messages on each connection to fill a window of pipelined BDAT transactions.
    int depth = Math.max(3, config.bdatWindow());
    // Office 365's limits are enforced by the pool as well: the service counts per mailbox.
    PoolConfig pool = connection.isOffice365()
        ? PoolConfig.OFFICE_365.withMaxConnections(connections).withMessagesPerSecond(rate)
        : PoolConfig.DEFAULT.withMaxConnections(connections).withMessagesInFlightPerConnection(depth)
            .withMaxMessagesPerConnection(0).withMaxAge(Duration.ofDays(1));
    BulkConfig bulk = BulkConfig.DEFAULT.withPool(pool).withMaxInFlight(Math.max(1000, connections * depth * 4))
        .withRetry(RetryPolicy.DEFAULT.withMaxAttempts(3));
    bulk = dkim.apply(bulk, from);
    Envelope envelope = Envelope.of(from, rcpts);
    org.HdrHistogram.Recorder endToEnd = new org.HdrHistogram.Recorder(3);
    long planned = rate > 0 && load.duration != null ? Math.max(1, Math.round(rate * load.duration.toMillis() / 1000.0))
        : load.duration != null ? -1 : messages;
    try (SmtpClient client = SmtpClient.create(config); BulkSender sender = metrics.bulkSender(client, bulk)) {
      BlastRun run = new BlastRun(sender, source, envelope, endToEnd);
      Progress progress = Progress.start(err, planned < 0 ? -1 : warmup + planned);
      run.closedLoop(warmup, progress);
      run.awaitOutcomes(warmup, progress);
      BulkStats before = sender.stats();
      if (before.delivered() == 0 && warmup > 0) {
        progress.close();
        return reportSetupFailure(sender, err);
      }
      Timeline timeline = new Timeline(sender::stats, endToEnd, smtp, load.timeline);
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      timeline.start();
      if (rate > 0) {
        run.openLoop(planned, rate, progress);
      } else if (load.duration != null) {
        run.closedLoop(load.duration, progress);
      } else {
        run.closedLoop(messages, progress);
      }
      run.awaitOutcomes(run.submitted(), progress);
      long t1 = System.nanoTime();
      long cpu1 = cpuNanos();
      timeline.close();
      progress.close();
      BulkStats after = sender.stats();
      long sent = run.submitted() - warmup;
      Summary s = new Summary(after.delivered() - before.delivered(), after.rejected() - before.rejected(),
          after.failed() - before.failed(), after.unknown() - before.unknown(), (t1 - t0) / 1e9,
          timeline.endToEnd(), (cpu1 - cpu0) / 1e9);
      String summaryJson = s.json(sent, connections, size, warmup, config, details(timeline, smtp));
      out.println(json ? summaryJson : s.line());
      out.flush();
      if (load.report != null) {
        HtmlReport.write(load.report, title(config, sent), summaryJson, timeline.seconds(), timeline.endToEnd(),
            timeline.endOfData(), smtp.steps(), smtp.replyCodes());
        err.println("sluice: report written to " + load.report);
      }
      if (s.delivered() == 0) {
        return reportSetupFailure(sender, err);
      }
      return s.delivered() == sent ? ExitCodes.OK : ExitCodes.REJECTED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("sluice: interrupted");
      return ExitCodes.TIMEOUT_OR_PROTOCOL;
    }
  }

  /** The fields --json adds to the contract's: the load's shape and both latencies in full. */
  private String details(Timeline timeline, BlastMetrics smtp) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(java.util.Locale.ROOT, ",\"mode\":\"%s\",\"rate\":%.1f,\"duration_s\":%s",
        rate > 0 ? "open" : "closed", rate, load.duration == null ? "null" : String.valueOf(load.duration.toMillis() / 1000.0)));
    b.append(",\"end_to_end\":").append(Percentiles.of(timeline.endToEnd()).json());
    b.append(",\"smtp\":{");
    boolean first = true;
    for (var e : smtp.steps().entrySet()) {
      b.append(first ? "" : ",").append('"').append(e.getKey().key()).append("\":").append(e.getValue().json());
      first = false;
    }
    b.append("},\"reply_codes\":{");
    first = true;
    for (var e : smtp.replyCodes().entrySet()) {
      b.append(first ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue());
      first = false;
    }
    return b.append('}').toString();
  }

  private String title(SmtpClientConfig config, long sent) {
    return config.host() + ":" + config.port() + " (" + config.tlsMode() + ") · " + connections + " connections · "
        + (load.eml != null ? "messages from " + load.eml.getFileName() : size + "-byte messages") + " · " + sent
        + " messages, " + (rate > 0 ? "open loop at " + rate + " msgs/s" : "closed loop")
        + (load.duration != null ? " for " + load.duration.toMillis() / 1000.0 + " s" : "") + " · warmup " + warmup
        + " · " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
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
