package dev.sluice.cli;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.sluice.amqp.BrokerUnreachableException;
import dev.sluice.amqp.BulkMailSender;
import dev.sluice.amqp.MailSender;
import dev.sluice.amqp.RouterMailSender;
import dev.sluice.amqp.Worker;
import dev.sluice.amqp.WorkerConfig;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.PoolConfig;
import dev.sluice.micrometer.BulkMeters;
import dev.sluice.route.RouterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice worker}: consumes the send queue and sends every mail to {@code --host} (or, with
 * {@code --mx}, to its recipients' MX hosts through route's {@code Router}), until
 * SIGTERM/SIGINT; then it stops consuming, finishes what is in flight (the rest stays queued) and
 * prints {@code received=N settled=M}.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Send the mails of a RabbitMQ send queue (see `sluice enqueue`) until stopped (SIGTERM, Ctrl-C).",
        "", "Each mail is acked only after its outcome (or its retry copy, or its dead letter) is confirmed by the "
            + "broker: at-least-once delivery; a mail redelivered after a crash is sent again, flagged "
            + "redelivered=true, unless --at-most-once. Transient failures wait in the delay tiers "
            + "(Q.retry.*) and come back; permanent ones and exhausted retries go to Q.outcomes and, with the "
            + "original, to Q.dead."},
    footer = {"", "Exit codes: 0 stopped cleanly (143, the JVM's, after SIGTERM), 2 usage, 3 broker unreachable at start."})
final class WorkerCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  AmqpOptions amqp;

  @Option(names = "--prefetch", paramLabel = "N", defaultValue = "100",
      description = "Mails in flight at most on this worker (unacked; default ${DEFAULT-VALUE}).")
  int prefetch;

  @Option(names = "--rate", paramLabel = "R", defaultValue = "0", description = "At most R messages per second (0: no limit).")
  double rate;

  @Option(names = "--at-most-once",
      description = "Report a redelivered mail as UNKNOWN instead of sending it again (no duplicates, but a mail may be lost).")
  boolean atMostOnce;

  @Option(names = "--host", paramLabel = "H", description = "Send every mail to this SMTP server (smarthost).")
  String host;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--mx", description = "Deliver to each recipient's own mail servers (MX lookup) instead of --host; "
      + "a mail delivered to some recipients is retried for the others only.")
  boolean mx;

  @Mixin
  MxOptions mxOptions;

  @Mixin
  MetricsOptions metrics;

  @Option(names = "--connections", paramLabel = "C", defaultValue = "8", description = "SMTP connections at most (default 8).")
  int connections;

  @Option(names = "--retry-tiers", paramLabel = "LIST", defaultValue = "1m,10m,25m",
      description = "Delays of the retry tiers, each at most 25m (default ${DEFAULT-VALUE}; the last one repeats).")
  String retryTiers;

  @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "5",
      description = "Attempts per mail in all before it is FAILED (default ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(names = "--max-message-size", paramLabel = "B", defaultValue = "26214400",
      description = "A larger mail is dead-lettered as malformed (default 25 MiB).")
  long maxMessageBytes;

  @Option(names = "--worker-id", paramLabel = "ID", description = "Name in the outcome records (default: host:pid).")
  String workerId;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    WorkerConfig config;
    SmtpClientConfig smtp = null;
    RouterConfig routing = null;
    try {
      config = settle();
      if (mx) {
        routing = mxOptions.toConfig(connection, err).maxInFlight(prefetch).build();
      } else {
        smtp = metrics.instrument(connection.toConfig(connection.host(host)).build(), err);
      }
    } catch (UsageException | IllegalArgumentException e) {
      metrics.close();
      return Failures.report(err, e);
    }
    Connection broker;
    try {
      broker = amqp.broker().connect("sluice-worker " + config.workerId());
    } catch (BrokerUnreachableException e) {
      metrics.close();
      err.println("sluice: " + e.getMessage());
      err.flush();
      return ExitCodes.CONNECTION;
    } catch (UsageException e) {
      metrics.close();
      return Failures.report(err, e);
    }
    MailSender sender = mx ? RouterMailSender.create(routing) : bulkSender(smtp);
    Thread hook = new Thread(this::stopAndWait, "sluice-worker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Worker worker = null;
    try {
      worker = startWorker(broker, sender, config, err);
      err.println("sluice worker: " + config.workerId() + " consuming " + config.topology().sendQueue() + " at "
          + amqp.broker().redacted() + " (prefetch " + prefetch + (atMostOnce ? ", at-most-once" : "") + ") -> "
          + (mx ? "MX hosts" : smtp.host() + ":" + smtp.port()));
      err.flush();
      stop.await();
      return ExitCodes.OK;
    } catch (IOException | RuntimeException e) {
      err.println("sluice: cannot set up the queues on " + amqp.broker().redacted() + ": " + e.getMessage()
          + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
      return ExitCodes.CONNECTION;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.OK;
    } finally {
      if (worker != null) {
        worker.close();
        out.println("received=" + worker.received() + " settled=" + worker.settled());
        out.flush();
      }
      sender.close();
      metrics.close();
      try {
        broker.close();
      } catch (IOException | RuntimeException e) {
        // exiting anyway
      }
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is what stopped us
      }
    }
  }

  private MailSender bulkSender(SmtpClientConfig smtp) {
    PoolConfig pool = connection.isOffice365() ? PoolConfig.OFFICE_365 : PoolConfig.DEFAULT.withMaxConnections(connections);
    BulkConfig bulk = BulkConfig.DEFAULT.withPool(pool.withMessagesPerSecond(rate)).withMaxInFlight(prefetch);
    MeterRegistry registry = metrics.registry(spec.commandLine().getErr());
    if (registry != null) {
      bulk = bulk.withListener(new BulkMeters(registry, Tags.empty()));
    }
    BulkMailSender sender = BulkMailSender.create(SmtpClient.create(smtp), bulk);
    if (registry != null) {
      BulkMeters.bindGauges(sender.bulkSender(), registry, Tags.empty());
    }
    return sender;
  }

  /**
   * Starts consuming; when the connection drops during the set-up (a node dying just then), waits
   * for the client's recovery and tries again, for up to 60 s.
   */
  private static Worker startWorker(Connection broker, MailSender sender, WorkerConfig config, PrintWriter err)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        return Worker.start(broker, sender, config, line -> {
          synchronized (err) {
            err.println("sluice worker: " + line);
            err.flush();
          }
        });
      } catch (IOException | ShutdownSignalException e) {
        boolean connectionLost = connectionLost(e);
        if (!connectionLost || System.nanoTime() > deadline) {
          throw e;
        }
        err.println("sluice worker: the connection dropped while starting (" + e.getMessage() + "); trying again");
        err.flush();
        Thread.sleep(1000);
      }
    }
  }

  /** A connection-level failure (the node went away), not a channel error such as a queue declared differently. */
  static boolean connectionLost(Exception e) {
    Throwable t = e instanceof ShutdownSignalException ? e : e.getCause();
    if (t instanceof ShutdownSignalException s) {
      return s.isHardError();
    }
    return e instanceof IOException;
  }

  private WorkerConfig settle() {
    if (mx && connection.host(host) != null) {
      throw new UsageException("worker takes either --host H (one SMTP server) or --mx (each recipient's MX hosts), not both");
    }
    if (mx && metrics.port != null) {
      throw new UsageException("--metrics-port measures the --host sender; the MX router has no meters yet");
    }
    if (mx && rate > 0) {
      throw new UsageException("--rate applies to --host; with --mx, limit each destination in the --shaping file");
    }
    if (!mx && connection.host(host) == null) {
      throw new UsageException("worker needs --host H (the SMTP server to send to) or --mx (deliver to MX hosts)");
    }
    if (prefetch < 1 || connections < 1 || rate < 0 || maxAttempts < 1 || maxMessageBytes < 1) {
      throw new UsageException("--prefetch, --connections, --max-attempts and --max-message-size must be >= 1, --rate >= 0");
    }
    WorkerConfig.Builder b = WorkerConfig.builder(amqp.topology(AmqpOptions.durations("--retry-tiers", retryTiers)))
        .prefetch(prefetch).atMostOnce(atMostOnce).maxAttempts(maxAttempts).maxMessageBytes(maxMessageBytes)
        .shutdownGrace(Duration.ofSeconds(30));
    if (workerId != null) {
      b.workerId(workerId);
    }
    return b.build();
  }

  /** The shutdown hook: the JVM exits when hooks return, so wait until the worker has settled. */
  private void stopAndWait() {
    stop.countDown();
    try {
      stopped.await(40, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
