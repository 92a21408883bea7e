package dev.sluice.client.probe;

import dev.sluice.client.TlsMode;
import java.util.List;
import java.util.Locale;

/**
 * A {@link ProbeReport} for scripts, as one JSON object:
 *
 * <pre>{@code
 * {"host":"smtp.example.com","port":587,"tls":"starttls","passed":false,"started":"2026-11-27T03:20:00Z",
 *  "elapsed_ms":412,"first_problem":"validity",
 *  "steps":[{"check":"dns","status":"PASS","elapsed_ms":3,"summary":"…","details":[],"hint":""}, …]}
 * }</pre>
 *
 * {@code tls} is named as the {@code --tls} option names it; {@code elapsed_ms} is null for checks
 * made on what an earlier step received.
 */
public final class JsonReport {

  private JsonReport() {}

  public static String render(ProbeReport report) {
    StringBuilder b = new StringBuilder(1024);
    b.append("{\"host\":").append(string(report.host()))
        .append(",\"port\":").append(report.port())
        .append(",\"tls\":").append(string(option(report.tlsMode())))
        .append(",\"passed\":").append(report.passed())
        .append(",\"started\":").append(string(report.startedAt().toString()))
        .append(",\"elapsed_ms\":").append(report.elapsed().toMillis())
        .append(",\"first_problem\":").append(report.firstProblem().map(s -> string(s.check().label())).orElse("null"))
        .append(",\"steps\":[");
    List<ProbeStep> steps = report.steps();
    for (int i = 0; i < steps.size(); i++) {
      ProbeStep s = steps.get(i);
      b.append(i == 0 ? "" : ",").append("{\"check\":").append(string(s.check().label()))
          .append(",\"status\":").append(string(s.status().name()))
          .append(",\"elapsed_ms\":").append(s.elapsed() == null ? "null" : String.valueOf(s.elapsed().toMillis()))
          .append(",\"summary\":").append(string(s.summary()))
          .append(",\"details\":[");
      for (int j = 0; j < s.details().size(); j++) {
        b.append(j == 0 ? "" : ",").append(string(s.details().get(j)));
      }
      b.append("],\"hint\":").append(string(s.hint())).append('}');
    }
    return b.append("]}").toString();
  }

  /** The TLS mode as the {@code --tls} option names it. */
  static String option(TlsMode mode) {
    return switch (mode) {
      case STARTTLS_REQUIRED -> "starttls";
      case IMPLICIT -> "implicit";
      case STARTTLS_OPPORTUNISTIC -> "opportunistic";
      case NONE -> "none";
    };
  }

  /** A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped. */
  static String string(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
