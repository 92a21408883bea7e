package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SinkCommandTest {

  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CommandLine cli = SluiceCommand.commandLine();

  SinkCommandTest() {
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
  }

  @AfterEach
  void stop() {
    sinkCommand().stop();
    executor.shutdownNow();
  }

  private SinkCommand sinkCommand() {
    return cli.getSubcommands().get("sink").getCommand();
  }

  /** Runs {@code sluice sink ARGS} in the background; returns its port once it listens. */
  private Future<Integer> start(List<String> args, int[] port) throws Exception {
    List<String> all = new ArrayList<>(List.of("sink", "--port", "0"));
    all.addAll(args);
    Future<Integer> exit = executor.submit(() -> cli.execute(all.toArray(String[]::new)));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline && !exit.isDone()) {
      Matcher m = LISTENING.matcher(out.toString());
      if (m.find()) {
        port[0] = Integer.parseInt(m.group(1));
        return exit;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no 'listening on' line; out: " + out + " err: " + err);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void sendMessage(SmtpDialogue c) throws Exception {
    assertThat(c.command("MAIL FROM:<a@example.test>")).startsWith("250");
    assertThat(c.command("RCPT TO:<b@example.test>")).startsWith("250");
    assertThat(c.command("DATA")).startsWith("354");
    assertThat(c.command("Subject: hi\r\n\r\nhello\r\n.")).startsWith("250");
  }

  @Test
  void acceptsMailOverStartTlsWithAuthAndPrintsCountersWhenStopped() throws Exception {
    int[] port = new int[1];
    Future<Integer> exit = start(List.of("--tls", "starttls", "--auth", "user@example.test:secret"), port);

    try (SmtpDialogue c = new SmtpDialogue("127.0.0.1", port[0])) {
      assertThat(c.reply()).startsWith("220 ");
      assertThat(c.command("EHLO c.test")).isEqualTo("250 STARTTLS");
      assertThat(c.command("STARTTLS")).startsWith("220 ");
      c.startTls();
      assertThat(c.command("EHLO c.test")).isEqualTo("250 AUTH PLAIN LOGIN");
      assertThat(c.command("AUTH PLAIN " + b64("\0user@example.test\0secret"))).startsWith("235 ");
      sendMessage(c);
      assertThat(c.command("QUIT")).startsWith("221");
    }
    sinkCommand().stop();

    assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).containsOnlyOnce("listening on").contains("messages=1 ").contains("auth_ok=1 ")
        .contains("tls_handshakes=1 ");
  }

  @Test
  void storesMessagesInADirectory(@TempDir Path dir) throws Exception {
    int[] port = new int[1];
    Future<Integer> exit = start(List.of("--tls", "none", "--store", dir.toString()), port);

    try (SmtpDialogue c = new SmtpDialogue("127.0.0.1", port[0])) {
      c.reply();
      c.command("EHLO c.test");
      sendMessage(c);
    }
    sinkCommand().stop();

    assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertThat(names).hasSize(2).anyMatch(n -> n.endsWith(".eml")).anyMatch(n -> n.endsWith(".envelope"));
    }
  }

  @Test
  void injectsTheFaultsItIsGiven() throws Exception {
    int[] port = new int[1];
    start(List.of("--tls", "none", "--count-only", "--fault", "rcpt:451 4.3.0 try later",
        "--fault", "after=2:421"), port);

    try (SmtpDialogue c = new SmtpDialogue("127.0.0.1", port[0])) {
      c.reply();
      c.command("EHLO c.test");
      c.command("MAIL FROM:<a@example.test>");
      assertThat(c.command("RCPT TO:<b@example.test>")).isEqualTo("451 4.3.0 try later");
      assertThat(c.command("NOOP")).startsWith("421 ");
    }
  }

  @Test
  void documentsTheFaultSyntaxInItsHelp() {
    assertThat(cli.execute("sink", "--help")).isZero();
    assertThat(out.toString()).contains("STEP:ACTION[@PROBABILITY]", "data-end", "disconnect-mid[=BYTES]",
        "delay=DURATION", "after=N", "(default 100%)", "try later@5%'", "--count-only", "--store", "--auth");
    assertThat(out.toString().lines()).allMatch(line -> line.length() <= 80);
  }

  @Test
  void refusesBadOptionsAsUsageErrors() {
    assertThat(cli.execute("sink", "--tls", "sometimes")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.execute("sink", "--auth", "no-colon")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.execute("sink", "--cert", "c.pem")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.execute("sink", "--store", "d", "--count-only")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.execute("sink", "--fault", "rcpt:250 fine")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--tls must be none, starttls or implicit", "--auth wants USER:PASS",
        "--cert and --key go together", "invalid fault spec 'rcpt:250 fine'").doesNotContain("Exception");
  }

  @Test
  void reportsAPortInUseAsAConnectionFailure() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(cli.execute("sink", "--port", Integer.toString(taken.getLocalPort()), "--tls", "none"))
          .isEqualTo(ExitCodes.CONNECTION);
      assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void printsItsCountersOnSigterm() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "sink", "--port", "0", "--tls", "none", "--count-only").redirectErrorStream(false).start();
    try (BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      Matcher listening = LISTENING.matcher(stdout.readLine());
      assertThat(listening.find()).isTrue();
      try (SmtpDialogue c = new SmtpDialogue("127.0.0.1", Integer.parseInt(listening.group(1)))) {
        c.reply();
        c.command("HELO c.test");
        sendMessage(c);
      }

      process.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its stdout)

      assertThat(stdout.readLine()).startsWith("connections=1 ").contains(" messages=1 ");
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
  }
}
