package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sink.SmtpSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BlastCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir
  Path dir;

  private int blast(String... args) {
    CommandLine cli = SluiceCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "blast";
    System.arraycopy(args, 0, all, 1, args.length);
    return cli.execute(all);
  }

  private static double number(String json, String path) {
    Matcher v = Pattern.compile(Pattern.quote("\"" + path + "\":") + "(-?[0-9.]+)").matcher(json);
    if (!v.find()) {
      throw new AssertionError(path + " not in " + json);
    }
    return Double.parseDouble(v.group(1));
  }

  /** The object {@code "name":{...}} (flat) of a JSON text. */
  private static String object(String json, String name) {
    Matcher m = Pattern.compile(Pattern.quote("\"" + name + "\":") + "(\\{[^{}]*\\})").matcher(json);
    if (!m.find()) {
      throw new AssertionError(name + " not in " + json);
    }
    return m.group(1);
  }

  @Test
  void openLoopSendsRateTimesDurationAndWritesOneTimelineLinePerSecond() throws Exception {
    Path timeline = dir.resolve("t.ndjson");
    int code = blast("--tls", "none", "--rate", "300", "--duration", "2s", "--warmup", "20", "--connections", "2",
        "--timeline", timeline.toString(), "--json");

    assertThat(code).as(err.toString()).isZero();
    String json = out.toString();
    assertThat(json).contains("\"mode\":\"open\"", "\"tls\":\"NONE\"");
    assertThat(number(json, "delivered")).isEqualTo(600);
    List<String> lines = Files.readAllLines(timeline);
    assertThat(lines.size()).isBetween(2, 4);
    long sent = 0;
    long delivered = 0;
    for (String line : lines) {
      assertThat(line).startsWith("{\"t\":").contains("\"in_flight\":", "\"connections\":", "\"msgs_per_s\":",
          "\"end_to_end\":{\"count\":", "\"smtp\":{\"count\":", "\"p99_9_ms\":");
      sent += (long) number(line, "sent");
      delivered += (long) number(line, "delivered");
    }
    assertThat(sent).isEqualTo(600);
    assertThat(delivered).isEqualTo(600);
  }

  @Test
  void summaryLineKeepsTheContractAndJsonAddsBothLatencies() {
    int code = blast("--tls", "none", "--messages", "200", "--warmup", "10", "--connections", "2");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().strip()).matches("delivered=200 rejected=0 failed=0 unknown=0 seconds=[0-9.]+ "
        + "msgs_per_s=[0-9]+ p50_ms=[0-9.]+ p99_ms=[0-9.]+ cpu_s=[0-9.]+");

    out.getBuffer().setLength(0);
    assertThat(blast("--messages", "200", "--warmup", "10", "--connections", "2", "--json")).isZero();
    String json = out.toString();
    assertThat(json).contains("\"mode\":\"closed\"", "\"tls\":\"STARTTLS_REQUIRED\"");
    for (String step : List.of("connect", "tls", "greeting", "ehlo", "auth", "mail", "rcpt", "end_of_data")) {
      String p = object(json, step);
      assertThat(p).contains("\"p50_ms\":", "\"p90_ms\":", "\"p99_ms\":", "\"p99_9_ms\":", "\"max_ms\":");
    }
    assertThat(number(object(json, "end_to_end"), "count")).isEqualTo(200);
    assertThat(number(object(json, "mail"), "count")).isEqualTo(200);
    assertThat(number(object(json, "reply_codes"), "end_of_data 250")).isEqualTo(200);
  }

  @Test
  void tlsNoneGivesAPlaintextSinkWithoutAuth() {
    int code = blast("--tls", "none", "--messages", "50", "--warmup", "0", "--connections", "1", "--json");
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("plaintext, no AUTH");
    assertThat(out.toString()).doesNotContain("\"auth\":", "\"tls\":{").contains("\"tls\":\"NONE\"");
  }

  @Test
  void implicitTlsReachesAnImplicitTlsSink() {
    int code = blast("--tls", "implicit", "--messages", "50", "--warmup", "0", "--connections", "1", "--json");
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("implicit TLS + AUTH PLAIN");
    assertThat(out.toString()).contains("\"tls\":\"IMPLICIT\"", "\"auth 235\":1");
  }

  @Test
  void serverOptionsWithoutHostAreRefusedWithTheReason() {
    assertThat(blast("--port", "2525", "--insecure")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--port, --insecure only apply to a server of your own: add --host");
  }

  @Test
  void messagesAndDurationAreAlternatives() {
    assertThat(blast("--messages", "10", "--duration", "5s")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--messages and --duration cannot be combined");
    err.getBuffer().setLength(0);
    assertThat(blast("--duration", "soon")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("'soon' is not a duration");
  }

  @Test
  void closedLoopForADurationStopsSubmittingWhenTimeIsUp() {
    int code = blast("--tls", "none", "--duration", "1s", "--warmup", "0", "--connections", "2", "--json");
    assertThat(code).as(err.toString()).isZero();
    assertThat(number(out.toString(), "delivered")).isPositive();
    assertThat(number(out.toString(), "seconds")).isBetween(1.0, 30.0);
  }

  /**
   * The server holds every MAIL reply 50 ms on one connection: it can take about 60 messages a
   * second (3 in flight), and the schedule asks for 150. Latency from the intended send time grows
   * with the backlog; the server's own reply time does not. A generator measuring from the actual
   * submission would report about the reply time.
   */
  @Test
  void openLoopLatencyCountsTheTimeTheScheduleFellBehind() {
    try (SmtpSink sink = SmtpSink.builder().bind("127.0.0.1").port(0).countOnly().fault("mail:delay=50ms").start()) {
      int code = blast("--host", "127.0.0.1", "--port", String.valueOf(sink.port()), "--tls", "none",
          "--rate", "150", "--messages", "150", "--warmup", "0", "--connections", "1", "--json");
      assertThat(code).as(err.toString()).isZero();
      String json = out.toString();
      double smtpP99 = number(object(json, "mail"), "p99_ms");
      double endToEndMax = number(object(json, "end_to_end"), "max_ms");
      assertThat(smtpP99).isLessThan(1000);
      assertThat(endToEndMax).isGreaterThan(3 * smtpP99);
    }
  }

  @Test
  void emlFilesAreSentWithFreshMessageIdAndDate() throws Exception {
    Files.writeString(dir.resolve("a.eml"), "Message-ID: <old@x>\nDate: Mon, 1 Jan 2001 00:00:00 +0000\n"
        + "Subject: hi\n\nbody\n");
    Files.writeString(dir.resolve("b.eml"), "Subject: second\r\n\r\nmore\r\n");
    try (SmtpSink sink = SmtpSink.builder().bind("127.0.0.1").port(0).inMemory().start()) {
      int code = blast("--host", "127.0.0.1", "--port", String.valueOf(sink.port()), "--tls", "none",
          "--eml", dir.toString(), "--messages", "4", "--warmup", "0", "--connections", "1");
      assertThat(code).as(err.toString()).isZero();
      List<String> texts = sink.messages().stream()
          .map(m -> new String(m.data(), java.nio.charset.StandardCharsets.UTF_8)).toList();
      assertThat(texts).hasSize(4);
      assertThat(texts).noneMatch(t -> t.contains("old@x") || t.contains("2001"));
      assertThat(texts).allMatch(t -> t.startsWith("Message-ID: <blast-") && t.contains("\r\nDate: "));
      assertThat(texts.stream().map(t -> t.substring(0, t.indexOf('>'))).distinct()).hasSize(4);
      assertThat(texts.stream().filter(t -> t.contains("Subject: hi\r\n\r\nbody\r\n"))).hasSize(2);
      assertThat(texts.stream().filter(t -> t.contains("Subject: second\r\n\r\nmore\r\n"))).hasSize(2);
    }
  }

  @Test
  void emlThatCannotBeReadIsAUsageError() {
    assertThat(blast("--eml", dir.resolve("missing.eml").toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--eml", "missing.eml", "neither a readable file nor a directory");
  }
}
