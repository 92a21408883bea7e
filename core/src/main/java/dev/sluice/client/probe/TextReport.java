package dev.sluice.client.probe;

import dev.sluice.client.TlsMode;
import dev.sluice.codec.SmtpText;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * A {@link ProbeReport} for people: one line per check, details and hints indented under it.
 * Control characters are escaped: much of a report is what the server said, and a server must not
 * be able to write to the user's terminal.
 */
public final class TextReport {

  private static final String INDENT = " ".repeat(33);

  private TextReport() {}

  public static String render(ProbeReport report) {
    StringBuilder b = new StringBuilder();
    b.append("probe ").append(SmtpText.escape(report.host())).append(':').append(report.port()).append(" (").append(mode(report.tlsMode()))
        .append("), ").append(report.startedAt().truncatedTo(ChronoUnit.SECONDS)).append('\n');
    for (ProbeStep s : report.steps()) {
      b.append(String.format(Locale.ROOT, "  %-4s  %-17s %7s  %s%n", s.status(), s.check().label(), time(s.elapsed()),
          SmtpText.escape(s.summary())));
      for (String d : s.details()) {
        b.append(INDENT).append(SmtpText.escape(d)).append('\n');
      }
      if (!s.hint().isEmpty()) {
        b.append(INDENT).append("hint: ").append(SmtpText.escape(s.hint())).append('\n');
      }
    }
    b.append(report.passed() ? "result: PASS, every check passed"
        : "result: FAIL at " + report.firstProblem().map(s -> s.check().label()).orElse("?"));
    b.append(" (").append(time(report.elapsed())).append(")\n");
    return b.toString();
  }

  /** The TLS mode in the words of the {@code --tls} option. */
  static String mode(TlsMode mode) {
    return switch (mode) {
      case STARTTLS_REQUIRED -> "STARTTLS";
      case IMPLICIT -> "implicit TLS";
      case STARTTLS_OPPORTUNISTIC -> "opportunistic STARTTLS";
      case NONE -> "no TLS";
    };
  }

  static String time(Duration d) {
    if (d == null) {
      return "-";
    }
    long ms = d.toMillis();
    return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
