package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.TlsMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --metrics-port}: blast and sink serve /metrics in the Prometheus format; a scrape parses. */
class MetricsEndpointTest {

  private static final Pattern METRICS_AT = Pattern.compile("metrics at (http://127\\.0\\.0\\.1:\\d+/metrics)");
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CommandLine cli = SluiceCommand.commandLine();
  private final HttpClient http = HttpClient.newHttpClient();

  MetricsEndpointTest() {
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
  }

  @AfterEach
  void stop() {
    ((SinkCommand) cli.getSubcommands().get("sink").getCommand()).stop();
    executor.shutdownNow();
  }

  private Future<Integer> run(List<String> args) {
    return executor.submit(() -> cli.execute(args.toArray(String[]::new)));
  }

  private String await(Pattern p, StringWriter w, Future<Integer> exit) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && !exit.isDone()) {
      Matcher m = p.matcher(w.toString());
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no " + p + " line; out: " + out + " err: " + err);
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private PrometheusText scrape(String url) throws Exception {
    HttpResponse<String> r = get(url);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    return PrometheusText.parse(r.body());
  }

  @Test
  void sinkServesItsCountersAndTheJvmsAtMetrics() throws Exception {
    Future<Integer> exit = run(List.of("sink", "--port", "0", "--tls", "none", "--metrics-port", "0"));
    String url = await(METRICS_AT, err, exit);
    int port = Integer.parseInt(await(LISTENING, out, exit));
    try (SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("127.0.0.1").port(port)
        .tlsMode(TlsMode.NONE).ioThreads(1).build())) {
      SmtpSession s = client.connect().get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 3; i++) {
        s.send(Envelope.of("a@example.test", "b@example.test"),
            MessageContent.of("Subject: m\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII))).get(10, TimeUnit.SECONDS);
      }
      s.quit().get(10, TimeUnit.SECONDS);
    }
    PrometheusText metrics = scrape(url);
    assertThat(metrics.types).containsEntry("sluice_sink_messages_total", "counter");
    assertThat(metrics.sum("sluice_sink_messages_total")).isEqualTo(3);
    assertThat(metrics.sum("sluice_sink_recipients_total")).isEqualTo(3);
    assertThat(metrics.sum("sluice_sink_bytes_total")).isPositive();
    assertThat(metrics.has("jvm_memory_used_bytes")).isTrue();

    assertThat(get(url.replace("/metrics", "/other")).statusCode()).isEqualTo(404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);

    ((SinkCommand) cli.getSubcommands().get("sink").getCommand()).stop();
    assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    assertThat(catchConnect(url)).as("the endpoint stops with the command").isTrue();
  }

  @Test
  void blastServesClientPoolAndOutcomeMetersWhileItRuns() throws Exception {
    // Rate-limited so that the run lasts long enough to be scraped in the middle.
    Future<Integer> exit = run(List.of("blast", "--messages", "300", "--warmup", "0", "--rate", "100",
        "--connections", "2", "--metrics-port", "0"));
    String url = await(METRICS_AT, err, exit);
    PrometheusText metrics = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      metrics = scrape(url);
      if (metrics.sum("sluice_messages_seconds_count", "outcome", "delivered") >= 10) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(metrics.sum("sluice_messages_seconds_count", "outcome", "delivered")).isGreaterThanOrEqualTo(10);
    assertThat(metrics.sum("sluice_connections_opened_total")).isBetween(1.0, 2.0);
    assertThat(metrics.sum("sluice_tls_handshakes_seconds_count", "result", "success")).isBetween(1.0, 2.0);
    assertThat(metrics.sum("sluice_auth_seconds_count", "mechanism", "PLAIN", "result", "success")).isBetween(1.0, 2.0);
    assertThat(metrics.sum("sluice_replies_total", "command", "final_dot", "code_class", "2xx")).isGreaterThanOrEqualTo(10);
    assertThat(metrics.sum("sluice_command_duration_seconds_count", "command", "mail")).isGreaterThanOrEqualTo(10);
    assertThat(metrics.sum("sluice_transactions_seconds_count", "result", "accepted")).isGreaterThanOrEqualTo(10);
    assertThat(metrics.sum("sluice_bytes_sent_bytes_total")).isGreaterThan(10 * 1024);
    assertThat(metrics.types).containsEntry("sluice_pool_connections", "gauge")
        .containsEntry("sluice_pool_messages_waiting", "gauge").containsEntry("sluice_messages_pending", "gauge");
    assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("delivered=300 ");
  }

  @Test
  void refusesAPortOutOfRangeAsAUsageError() {
    assertThat(cli.execute("sink", "--metrics-port", "70000")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--metrics-port must be 0-65535");
  }

  private boolean catchConnect(String url) {
    try {
      get(url);
      return false;
    } catch (Exception e) {
      return true;
    }
  }
}
