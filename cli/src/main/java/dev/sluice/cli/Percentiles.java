package dev.sluice.cli;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The percentiles a blast reports for one latency, in milliseconds (histograms hold microseconds).
 *
 * @param count values recorded
 */
record Percentiles(long count, double p50, double p90, double p99, double p999, double max) {

  static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0, 0);

  static Percentiles of(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return NONE;
    }
    return new Percentiles(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
        ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
        ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  String json() {
    return String.format(Locale.ROOT, "{\"count\":%d,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,"
        + "\"p99_9_ms\":%.3f,\"max_ms\":%.3f}", count, p50, p90, p99, p999, max);
  }
}
