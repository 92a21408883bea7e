package dev.sluice.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code blast}'s load-generator options: how long, what to send, and where the results go. */
final class LoadOptions {

  @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class,
      description = "Send for this long instead of a number of messages (e.g. 60s, 2m, 500ms). With --rate R: R×TIME "
          + "messages on schedule; without: as many as the server takes.")
  Duration duration;

  @Option(names = "--eml", paramLabel = "FILE|DIR",
      description = "Send these messages (one .eml file, or every *.eml in a directory, in turn) instead of generated "
          + "ones; each copy gets a fresh Message-ID and Date.")
  Path eml;

  @Option(names = "--timeline", paramLabel = "FILE",
      description = "Write one JSON line per second: sent, delivered, rejected, failed, unknown, in flight, "
          + "connections, msgs/s, end-to-end and SMTP latency percentiles.")
  Path timeline;

  @Option(names = "--report", paramLabel = "FILE.html",
      description = "Write a self-contained HTML report: throughput and latency over time, the latency percentile "
          + "spectrum, reply codes.")
  Path report;

  /** Parses 250ms, 20s, 2m, 1h (a bare number is seconds). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      try {
        Duration d;
        if (v.endsWith("ms")) {
          d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        } else if (v.endsWith("s")) {
          d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        } else if (v.endsWith("m")) {
          d = Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60));
        } else if (v.endsWith("h")) {
          d = Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 3600));
        } else {
          d = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        }
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException();
        }
        return d;
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a duration; use e.g. 500ms, 20s, 2m or 1h");
      }
    }
  }
}
