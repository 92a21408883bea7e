package dev.sluice.cli;

import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.micrometer.SluiceMeters;
import dev.sluice.sink.SmtpSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --metrics-port P}: serves the command's meters in the Prometheus text format at
 * {@code http://ADDR:P/metrics} while it runs. A {@code @Mixin} for any long-running command
 * (blast, sink, worker): call {@link #instrument}/{@link #bulkSender}/{@link #bindSink} where the
 * command builds those, and {@link #close} when it ends. Without the option every method is a
 * pass-through and nothing is started.
 */
final class MetricsOptions implements AutoCloseable {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  Integer port;

  @Option(names = "--metrics-port", paramLabel = "P",
      description = "Serve Prometheus metrics at http://ADDR:P/metrics while running (0 picks a free port, "
          + "printed on stderr).")
  void port(int p) {
    if (p < 0 || p > 65535) {
      throw new ParameterException(mixee.commandLine(), "--metrics-port must be 0-65535, not " + p);
    }
    port = p;
  }

  @Option(names = "--metrics-bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "Address for --metrics-port (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--metrics-simple", hidden = true,
      description = "Measure into an in-process SimpleMeterRegistry served nowhere (to measure the binder's cost).")
  boolean simple;

  private MetricsEndpoint endpoint;
  private MeterRegistry inProcess;

  /** Starts the endpoint if asked for (once); null otherwise. Prints where it listens on {@code err}. */
  MetricsEndpoint start(PrintWriter err) {
    if (port == null || endpoint != null) {
      return endpoint;
    }
    endpoint = MetricsEndpoint.start(new InetSocketAddress(bind, port));
    InetSocketAddress a = endpoint.address();
    err.println("sluice: metrics at http://" + hostPort(a) + MetricsEndpoint.PATH);
    err.flush();
    return endpoint;
  }

  /** {@code config} measured into the endpoint's registry, or unchanged without --metrics-port. */
  SmtpClientConfig instrument(SmtpClientConfig config, PrintWriter err) {
    MeterRegistry r = registry(err);
    return r == null ? config : SluiceMeters.instrument(config, r);
  }

  /** A bulk sender measured into the endpoint's registry (outcomes, retries, pool), or a plain one. */
  BulkSender bulkSender(SmtpClient client, BulkConfig config) {
    MeterRegistry r = endpoint != null ? endpoint.registry() : inProcess;
    return r == null ? BulkSender.create(client, config) : SluiceMeters.bulkSender(client, config, r);
  }

  /**
   * The registry to bind other meters to (a router's, a worker's: {@code new BulkMeters(registry,
   * tags).withDestinations(...)}), starting the endpoint if asked for; null without the options.
   */
  MeterRegistry registry(PrintWriter err) {
    MetricsEndpoint e = start(err);
    if (e != null) {
      return e.registry();
    }
    if (simple && inProcess == null) {
      inProcess = new SimpleMeterRegistry();
    }
    return inProcess;
  }

  /** Binds a running sink's counters, if the endpoint runs. */
  void bindSink(SmtpSink sink, PrintWriter err) {
    MetricsEndpoint e = start(err);
    if (e != null) {
      SinkMeters.bind(sink, e.registry());
    }
  }

  @Override
  public void close() {
    if (endpoint != null) {
      endpoint.close();
      endpoint = null;
    }
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
