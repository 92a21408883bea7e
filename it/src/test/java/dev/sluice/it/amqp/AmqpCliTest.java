package dev.sluice.it.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.amqp.broker.RabbitNode;
import dev.sluice.amqp.broker.RequiresRabbitMq;
import dev.sluice.sink.SmtpSink;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command-line contract of enqueue, worker and outcomes, against one private node and the sink. */
@RequiresRabbitMq
class AmqpCliTest {

  private static final Map<String, String> ENV = Map.of("SLUICE_RMQ_PW", "guest");
  private static RabbitNode node;
  private static SmtpSink sink;
  private static Path dir;
  private static Path nodeDir;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createDirectories(Path.of("target", "amqp-cli"));
    nodeDir = Files.createTempDirectory("sluice-rmq");
    node = RabbitNode.create("sluice-cli", nodeDir).start();
    sink = SmtpSink.builder().bind("127.0.0.1").port(0).tls(dev.sluice.sink.TlsMode.NONE).inMemory().ioThreads(1).start();
  }

  @AfterAll
  static void stop() {
    if (sink != null) {
      sink.close();
    }
    if (node != null) {
      node.stop();
    }
    RabbitNode.deleteTree(nodeDir);
  }

  @Test
  void enqueueWorkerAndOutcomesPrintTheContractLinesAndTheWorkerStopsGracefully() throws Exception {
    String q = "cli-" + UUID.randomUUID().toString().substring(0, 6);
    sink.clearMessages();
    CliProcess enqueue = cli("enqueue", q, "--messages", "300", "--size", "2048", "--from", "a@sluice.test",
        "--to", "b@sink.test,c@sink.test");
    assertThat(enqueue.await(Duration.ofMinutes(2))).as(enqueue.toString()).isZero();
    assertThat(enqueue.out()).matches("enqueued=300 seconds=[0-9.]+ msgs_per_s=[0-9.]+\\s*");

    CliProcess worker = cli("worker", q, "--prefetch", "20", "--host", "127.0.0.1", "--port",
        Integer.toString(sink.port()), "--tls", "none", "--worker-id", "cli-w1", "--metrics-port", "0");
    try {
      CliProcess outcomes = cli("outcomes", q, "--expect", "300", "--timeout-s", "120");
      assertThat(outcomes.await(Duration.ofMinutes(3))).as(outcomes.toString()).isZero();
      assertThat(outcomes.out().trim())
          .isEqualTo("outcomes=300 delivered=300 rejected=0 failed=0 unknown=0 duplicates=0 redelivered=0");
      assertThat(sink.messages()).hasSize(300).allSatisfy(m ->
          assertThat(m.recipientAddresses()).containsExactly("b@sink.test", "c@sink.test"));

      java.util.regex.Matcher at = java.util.regex.Pattern.compile("metrics at (http://\\S+/metrics)").matcher(worker.err());
      assertThat(at.find()).as(worker.err()).isTrue();
      String scraped = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(at.group(1))).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      assertThat(scraped.lines().filter(l -> l.startsWith("sluice_messages_seconds_count") && l.contains("delivered"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum()).isEqualTo(300.0);

      assertThat(worker.terminate(Duration.ofSeconds(60))).isIn(0, 143);
      assertThat(worker.out().trim()).isEqualTo("received=300 settled=300");
      assertThat(worker.err()).contains("cli-w1 consuming " + q).doesNotContain("guest:guest");
    } finally {
      worker.close();
    }
  }

  /**
   * {@code worker --mx}: mails to two domains, each routed by the shaping file to its own sink (no
   * DNS); the second sink greylists its first ten recipients. Every mail reaches each recipient
   * exactly once: a retry goes to the greylisted recipient only.
   */
  @Test
  void workerMxDeliversEachRecipientToItsOwnDomainsServerAndRetriesOnlyTheGreylisted() throws Exception {
    String q = "cli-mx-" + UUID.randomUUID().toString().substring(0, 6);
    java.util.concurrent.atomic.AtomicInteger rcpts = new java.util.concurrent.atomic.AtomicInteger();
    try (SmtpSink other = SmtpSink.builder().bind("127.0.0.1").port(0).tls(dev.sluice.sink.TlsMode.NONE).inMemory()
        .ioThreads(1).handler(new dev.sluice.sink.handler.MessageHandler() {
          @Override
          public dev.sluice.sink.handler.Verdict recipient(String from, dev.sluice.sink.Recipient r) {
            // the first ten RCPTs (ten different mails: their retries come a second later) are greylisted
            return rcpts.incrementAndGet() <= 10 ? dev.sluice.sink.handler.Verdict.reject(451, "4.7.1 greylisted")
                : dev.sluice.sink.handler.Verdict.accept();
          }
        }).start()) {
      sink.clearMessages();
      Path shaping = dir.resolve(q + ".toml");
      Files.writeString(shaping, "[global]\nallow-private-mx = true\n[defaults]\ntls = \"none\"\n"
          + "[domains.\"a.test\"]\nroute = \"[127.0.0.1]:" + sink.port() + "\"\n"
          + "[domains.\"b.test\"]\nroute = \"[127.0.0.1]:" + other.port() + "\"\n");
      CliProcess enqueue = cli("enqueue", q, "--messages", "40", "--from", "s@sluice.test", "--to", "x@a.test,y@b.test");
      assertThat(enqueue.await(Duration.ofMinutes(2))).as(enqueue.toString()).isZero();
      CliProcess worker = cli("worker", q, "--mx", "--shaping", shaping.toString(), "--helo", "worker.test",
          "--retry-tiers", "1s", "--prefetch", "10");
      try {
        CliProcess outcomes = cli("outcomes", q, "--expect", "40", "--timeout-s", "120", "--ndjson");
        assertThat(outcomes.await(Duration.ofMinutes(3))).as(outcomes + " " + worker.err()).isZero();
        assertThat(outcomes.out().lines().reduce((x, y) -> y).orElse(""))
            .isEqualTo("outcomes=40 delivered=40 rejected=0 failed=0 unknown=0 duplicates=0 redelivered=0");
        assertThat(outcomes.out()).contains("\"attempts\":2");
        assertThat(sink.messages()).hasSize(40).allSatisfy(m ->
            assertThat(m.recipientAddresses()).containsExactly("x@a.test"));
        assertThat(other.messages()).hasSize(40).allSatisfy(m ->
            assertThat(m.recipientAddresses()).containsExactly("y@b.test"));
        assertThat(worker.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        assertThat(worker.err()).contains("-> MX hosts");
      } finally {
        worker.close();
      }
    }
  }

  @Test
  void outcomesExitsFiveWhenTheExpectedCountDoesNotArriveAndPrintsJson() throws Exception {
    String q = "cli-" + UUID.randomUUID().toString().substring(0, 6);
    CliProcess outcomes = cli("outcomes", q, "--expect", "1", "--timeout-s", "2", "--json");
    assertThat(outcomes.await(Duration.ofMinutes(1))).as(outcomes.toString()).isEqualTo(5);
    assertThat(outcomes.out()).contains("\"outcomes\":0").contains("\"delivered\":0");
    assertThat(outcomes.err()).contains("0 of the 1 expected outcomes arrived in 2 s");
  }

  @Test
  void anUnreachableBrokerExitsThreeWithThePasswordRedacted() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String uri = "amqp://app:hunter2@127.0.0.1:" + port + "/";
    for (String[] args : new String[][] {
        {"enqueue", "--amqp", uri, "--messages", "1", "--from", "a@x.test", "--to", "b@x.test"},
        {"worker", "--amqp", uri, "--host", "127.0.0.1", "--tls", "none"},
        {"outcomes", "--amqp", uri}}) {
      CliProcess p = CliProcess.start(args[0] + "-unreachable", dir, Map.of(), args);
      assertThat(p.await(Duration.ofMinutes(1))).as(p.toString()).isEqualTo(3);
      assertThat(p.err()).contains("cannot connect to the AMQP broker at amqp://app:***@127.0.0.1:" + port)
          .doesNotContain("hunter2");
    }
  }

  @Test
  void usageErrorsExitTwoWithAClearMessage() throws Exception {
    CliProcess noEnv = CliProcess.start("no-env", dir, Map.of(), "outcomes", "--amqp", node.uriWithoutPassword(),
        "--amqp-password-env", "SLUICE_NO_SUCH_VAR");
    assertThat(noEnv.await(Duration.ofMinutes(1))).isEqualTo(2);
    assertThat(noEnv.err()).contains("SLUICE_NO_SUCH_VAR (--amqp-password-env) is not set");

    CliProcess both = cli("worker", "q", "--mx", "--host", "127.0.0.1");
    assertThat(both.await(Duration.ofMinutes(1))).isEqualTo(2);
    assertThat(both.err()).contains("either --host H (one SMTP server) or --mx");

    CliProcess tiers = cli("worker", "q", "--host", "127.0.0.1", "--retry-tiers", "1m,soon");
    assertThat(tiers.await(Duration.ofMinutes(1))).isEqualTo(2);
    assertThat(tiers.err()).contains("--retry-tiers wants durations like 1m,10m,25m");
  }

  private static CliProcess cli(String command, String queue, String... more) throws Exception {
    String[] args = new String[more.length + 7];
    args[0] = command;
    args[1] = "--amqp";
    args[2] = node.uriWithoutPassword();
    args[3] = "--amqp-password-env";
    args[4] = "SLUICE_RMQ_PW";
    args[5] = "--queue";
    args[6] = queue;
    System.arraycopy(more, 0, args, 7, more.length);
    return CliProcess.start(command + "-" + UUID.randomUUID().toString().substring(0, 4), dir, ENV, args);
  }
}
