package dev.sluice.cli;

import dev.sluice.sink.SinkCounters;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.SmtpSinkBuilder;
import dev.sluice.sink.TlsMode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice sink}: runs the embeddable SMTP sink until SIGINT/SIGTERM, then prints its counters.
 *
 * <p>{@code --auth USER:PASS} takes a password on the command line: these are credentials the test
 * sink <em>accepts</em>, made up for the run, not a secret of the user's.
 */
@Command(name = "sink", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run an SMTP sink: accept mail, keep or count it, and inject faults on request.",
        "Prints 'listening on HOST:PORT' once it accepts connections, and its counters when stopped "
            + "(Ctrl-C, SIGTERM)."},
    footer = {"", "Fault specs (--fault, repeatable): STEP:ACTION[@PROBABILITY]",
        "  STEP    connect, ehlo, helo, starttls, auth, mail, rcpt, data, bdat, rset,",
        "          noop, vrfy, quit; data-end (the reply to the final dot or to",
        "          BDAT LAST); any (every command); after=N (every command once N",
        "          were received)",
        "  ACTION  CODE [TEXT]             refuse with this 4xx/5xx reply (421 closes)",
        "          delay=DURATION          hold this reply and those after it",
        "                                  (200ms, 2s, 1m)",
        "          disconnect              close instead of replying",
        "          disconnect-mid[=BYTES]  data/bdat only: close after BYTES of the",
        "                                  message (default 1)",
        "  PROBABILITY  N%% or a fraction (default 100%%)",
        "", "Examples:",
        "  sluice sink --port 2525 --tls starttls --auth user@example.test:secret",
        "  sluice sink --tls none --count-only --fault 'rcpt:451 4.3.0 try later@5%%'",
        "  sluice sink --store ./mail --fault data-end:disconnect@1%% \\",
        "      --fault mail:delay=200ms --fault after=100:421"})
final class SinkCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--port", paramLabel = "P", defaultValue = "2525",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--tls", paramLabel = "MODE", defaultValue = "starttls",
      description = "none, starttls or implicit (default: ${DEFAULT-VALUE}).")
  String tls;

  @Option(names = "--cert", paramLabel = "PEM",
      description = "Certificate chain to present (default: a self-signed one generated at start).")
  Path cert;

  @Option(names = "--key", paramLabel = "PEM", description = "Unencrypted private key of --cert.")
  Path key;

  @Option(names = "--auth", paramLabel = "USER:PASS",
      description = "A user the sink accepts with AUTH PLAIN/LOGIN (repeatable). With TLS, AUTH is offered "
          + "only after TLS.")
  List<String> users = List.of();

  @ArgGroup(exclusive = true)
  Storage storage;

  static final class Storage {
    @Option(names = "--store", paramLabel = "DIR",
        description = "Write each message to DIR as ID.eml plus ID.envelope.")
    Path dir;

    @Option(names = "--count-only", description = "Keep nothing, only count (the default).")
    boolean countOnly;
  }

  @Option(names = "--fault", paramLabel = "SPEC", description = "Inject a fault (repeatable); see below.")
  List<String> faults = List.of();

  @picocli.CommandLine.Mixin
  MetricsOptions metrics;

  @Option(names = "--fault-seed", paramLabel = "N",
      description = "Seed for fault probabilities, to repeat a run exactly (default: random).")
  Long faultSeed;

  @Mixin
  SinkLimitsOptions limits = new SinkLimitsOptions();

  @Mixin SinkThreadsOption threads = new SinkThreadsOption();

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SmtpSinkBuilder builder = configure();
    SmtpSink sink;
    try {
      metrics.start(err);
      sink = builder.start();
    } catch (UncheckedIOException | UsageException e) {
      metrics.close();
      err.println("sluice sink: " + e.getMessage());
      err.flush();
      return ExitCodes.CONNECTION;
    }
    Thread hook = new Thread(this::stopAndWait, "sluice-sink-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      metrics.bindSink(sink, err);
      err.println("sluice sink: " + describe(sink));
      err.flush();
      out.println("listening on " + hostAndPort(sink.address()));
      out.flush();
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      metrics.close();
      sink.close();
      SinkCounters counters = sink.counters();
      out.println(counters.toLine());
      out.flush();
      stopped.countDown();
      removeHook(hook);
    }
    return ExitCodes.OK;
  }

  /** Stops a running sink (as SIGINT/SIGTERM do); returns at once. */
  void stop() {
    stop.countDown();
  }

  /** The shutdown hook: the JVM exits when hooks return, so wait until the counters are printed. */
  private void stopAndWait() {
    stop();
    try {
      stopped.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private SmtpSinkBuilder configure() {
    TlsMode mode = switch (tls.toLowerCase(Locale.ROOT)) {
      case "none" -> TlsMode.NONE;
      case "starttls" -> TlsMode.STARTTLS;
      case "implicit" -> TlsMode.IMPLICIT;
      default -> throw usage("--tls must be none, starttls or implicit, not '" + tls + "'");
    };
    if ((cert == null) != (key == null)) {
      throw usage("--cert and --key go together");
    }
    if (cert != null && mode == TlsMode.NONE) {
      throw usage("--cert/--key need --tls starttls or implicit");
    }
    if (port < 0 || port > 65535) {
      throw usage("--port must be 0-65535");
    }
    try {
      SmtpSinkBuilder b = SmtpSink.builder().bind(bind).port(port).tls(mode);
      if (cert != null) {
        b.certificate(cert, key);
      }
      for (String user : users) {
        int colon = user.indexOf(':');
        if (colon <= 0) {
          throw usage("--auth wants USER:PASS, e.g. user@example.test:secret");
        }
        b.user(user.substring(0, colon), user.substring(colon + 1));
      }
      if (storage != null && storage.dir != null) {
        b.directory(storage.dir);
      } else {
        b.countOnly();
      }
      for (String fault : faults) {
        b.fault(fault);
      }
      if (faultSeed != null) {
        b.faultSeed(faultSeed);
      }
      threads.apply(limits.apply(b));
      b.config(); // checks the combination now, as a usage error
      return b;
    } catch (UncheckedIOException | IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private static String describe(SmtpSink sink) {
    var config = sink.config();
    String tlsInfo = switch (config.tls().mode()) {
      case NONE -> "no TLS";
      case STARTTLS -> "STARTTLS";
      case IMPLICIT -> "implicit TLS";
    };
    if (config.tls().enabled()) {
      tlsInfo += config.tls().certificate() != null ? " (certificate from --cert)"
          : " (self-signed certificate for localhost, 127.0.0.1, ::1)";
    }
    String auth = config.auth().enabled() ? ", AUTH " + config.auth().mechanisms() : "";
    String faults = config.faults().faults().isEmpty() ? ""
        : ", " + config.faults().faults().size() + " fault(s), seed " + config.faults().seed();
    return tlsInfo + auth + ", storage " + config.storage() + faults + ", " + sink.transport();
  }

  private static String hostAndPort(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is what stopped us
    }
  }
}
