package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code --report} page in a real browser: headless Chromium loads it, the script draws its
 * four charts without a console error, and a screenshot is kept in target/ for a human to look at.
 * Skipped when Chromium is not installed, unless CI is set.
 */
class BlastReportBrowserTest {

  private static String chromium;

  @TempDir
  static Path dir;

  private static Path report;

  @BeforeAll
  static void blastOnce() {
    chromium = findChromium();
    if (chromium == null) {
      Assumptions.assumeTrue("true".equals(System.getenv("CI")) ? fail() : false,
          "chromium is not installed (apt-get install chromium); the report's browser test is skipped");
    }
    report = dir.resolve("report.html");
    StringWriter err = new StringWriter();
    CommandLine cli = SluiceCommand.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("blast", "--rate", "400", "--duration", "3s", "--warmup", "50", "--connections", "2",
        "--report", report.toString());
    assertThat(code).as(err.toString()).isZero();
  }

  private static boolean fail() {
    throw new AssertionError("CI=true and chromium is missing");
  }

  private static String findChromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (Files.isExecutable(Paths.get(d, name))) {
          return Paths.get(d, name).toString();
        }
      }
    }
    return null;
  }

  private static Result chromium(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--enable-logging=stderr", "--v=0", "--user-data-dir=" + dir.resolve("profile")));
    cmd.addAll(List.of(args));
    cmd.add(report.toUri().toString());
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.err").toFile()).start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(stdout, Files.readString(dir.resolve("chromium.err")));
  }

  private record Result(String stdout, String stderr) {}

  @Test
  void reportDrawsItsFourChartsWithoutAConsoleError() throws Exception {
    Result r = chromium("--dump-dom");
    assertThat(r.stdout()).contains("data-state=\"rendered\"").doesNotContain("data-state=\"error\"");
    assertThat(r.stdout().split("<svg", -1)).hasSize(5);
    assertThat(r.stdout()).contains("smtp end of data", "end-to-end", "delivered/s");
    // Console messages go to stderr as CONSOLE lines; an uncaught error or console.error would be one.
    assertThat(r.stderr()).doesNotContain("CONSOLE", "Uncaught");
  }

  @Test
  void screenshotOfTheReportIsSaved() throws Exception {
    Path shot = Paths.get("target", "blast-report.png").toAbsolutePath();
    Files.createDirectories(shot.getParent());
    Files.deleteIfExists(shot);
    Result r = chromium("--screenshot=" + shot, "--window-size=1200,1250", "--hide-scrollbars");
    assertThat(shot).exists();
    assertThat(Files.size(shot)).as(r.stderr()).isGreaterThan(20_000);
    assertThat(r.stderr()).doesNotContain("CONSOLE", "Uncaught");
  }
}
