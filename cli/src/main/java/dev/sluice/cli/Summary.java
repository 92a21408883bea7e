package dev.sluice.cli;

import dev.sluice.client.SmtpClientConfig;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The result of a blast: the contract's one summary line, or the same as JSON. */
record Summary(long delivered, long rejected, long failed, long unknown, double seconds, Histogram latencyMicros,
    double cpuSeconds) {

  /** Delivered messages per second: failures do not count as throughput. */
  double msgsPerSecond() {
    return seconds > 0 ? delivered / seconds : 0;
  }

  double p50Millis() {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(50) / 1000.0;
  }

  double p99Millis() {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(99) / 1000.0;
  }

  String line() {
    return String.format(Locale.ROOT,
        "delivered=%d rejected=%d failed=%d unknown=%d seconds=%.3f msgs_per_s=%.0f p50_ms=%.3f p99_ms=%.3f cpu_s=%.3f",
        delivered, rejected, failed, unknown, seconds, msgsPerSecond(), p50Millis(), p99Millis(), cpuSeconds);
  }

  String json(long messages, int connections, int size, long warmup, SmtpClientConfig config) {
    return json(messages, connections, size, warmup, config, "");
  }

  /** The JSON with {@code extra} fields (",\"name\":value…") added at the end. */
  String json(long messages, int connections, int size, long warmup, SmtpClientConfig config, String extra) {
    return String.format(Locale.ROOT, "{\"delivered\":%d,\"rejected\":%d,\"failed\":%d,\"unknown\":%d,"
            + "\"seconds\":%.3f,\"msgs_per_s\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"cpu_s\":%.3f,"
            + "\"messages\":%d,\"connections\":%d,\"size\":%d,\"warmup\":%d,\"host\":\"%s\",\"port\":%d,\"tls\":\"%s\"%s}",
        delivered, rejected, failed, unknown, seconds, msgsPerSecond(), p50Millis(), p99Millis(), cpuSeconds,
        messages, connections, size, warmup, config.host().replace("\"", ""), config.port(), config.tlsMode(), extra);
  }
}
