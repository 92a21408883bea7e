package dev.sluice.client.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.TlsMode;
import dev.sluice.client.probe.ProbeStep.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text and JSON forms of a report. */
class ReportRenderingTest {

  private static final ProbeReport REPORT = new ProbeReport("mx.example.test", 587, TlsMode.STARTTLS_REQUIRED,
      Instant.parse("2026-11-27T03:20:00.123Z"), Duration.ofMillis(412), List.of(
          ProbeStep.pass(Check.DNS, Duration.ofMillis(3), "mx.example.test -> 192.0.2.1", List.of()),
          ProbeStep.pass(Check.CONNECT, Duration.ofMillis(12), "connected to 192.0.2.1:587", List.of()),
          ProbeStep.fail(Check.BANNER, Duration.ofSeconds(12), "554 5.7.1 \"blocked\"\tby \\policy",
              List.of("line one", "line\u0001two"), "the server refuses this client", null),
          ProbeStep.skip(Check.EHLO, "not run: the banner check failed", List.of(), "")));

  @Test
  void textShowsOneLinePerCheckWithHintsAndTheFirstProblemAndEscapesControls() {
    String text = TextReport.render(REPORT);

    assertThat(text).startsWith("probe mx.example.test:587 (STARTTLS), 2026-11-27T03:20:00Z\n");
    assertThat(text).contains("  PASS  dns                  3 ms  mx.example.test -> 192.0.2.1\n");
    assertThat(text).containsPattern("  FAIL  banner +12.0 s  554 5.7.1 \"blocked\"\\\\t");
    assertThat(text).as("what the server said cannot write control characters to the terminal")
        .doesNotContain("\u0001", "\t").contains("line\\x01two");
    assertThat(text).contains("\n" + " ".repeat(33) + "hint: the server refuses this client\n");
    assertThat(text).contains("  SKIP  ehlo                    -  not run: the banner check failed\n");
    assertThat(text).endsWith("result: FAIL at banner (412 ms)\n");
  }

  @Test
  void jsonHasEveryFieldAndEscapesWhatTheServerSaid() {
    String json = JsonReport.render(REPORT);

    assertThat(json).startsWith("{\"host\":\"mx.example.test\",\"port\":587,\"tls\":\"starttls\","
        + "\"passed\":false,\"started\":\"2026-11-27T03:20:00.123Z\",\"elapsed_ms\":412,\"first_problem\":\"banner\","
        + "\"steps\":[{\"check\":\"dns\",\"status\":\"PASS\",\"elapsed_ms\":3,");
    assertThat(json).contains("\"summary\":\"554 5.7.1 \\\"blocked\\\"\\tby \\\\policy\"");
    assertThat(json).contains("\"details\":[\"line one\",\"line\\u0001two\"]");
    assertThat(json).contains("{\"check\":\"ehlo\",\"status\":\"SKIP\",\"elapsed_ms\":null,");
    assertThat(json).endsWith("\"hint\":\"\"}]}");
  }

  @Test
  void aReportPassesOnlyWhenEveryCheckPassed() {
    assertThat(REPORT.passed()).isFalse();
    assertThat(REPORT.firstProblem().orElseThrow().check()).isEqualTo(Check.BANNER);
    ProbeReport allPass = new ProbeReport("h", 25, TlsMode.NONE, Instant.EPOCH, Duration.ZERO,
        List.of(REPORT.steps().get(0), REPORT.steps().get(1)));
    assertThat(allPass.passed()).isTrue();
    assertThat(allPass.firstProblem()).isEmpty();
  }
}
