package dev.sluice.cli;

import dev.sluice.client.SmtpException;
import dev.sluice.client.TlsInfo;

import dev.sluice.client.SmtpMetrics;
import dev.sluice.client.SmtpPhase;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A blast's SMTP latencies, measured by the client from the moment a command is written to the
 * moment its reply arrives (connect and TLS handshake: from their start to their end), one histogram
 * per step, and the reply codes per command. This is the server's and the network's time: queueing
 * inside the client is not in it (that is the end-to-end latency, measured by {@link BlastRun}).
 *
 * <p>Called on event loops: recording is wait-free ({@link Recorder}), nothing here blocks.
 */
final class BlastMetrics implements SmtpMetrics {

  /** The steps reported, in the order of a session. */
  enum Step {
    CONNECT, TLS, GREETING, EHLO, AUTH, MAIL, RCPT, DATA, END_OF_DATA;

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Map<Step, Recorder> recorders = new EnumMap<>(Step.class);
  private final Map<Step, Histogram> totals = new EnumMap<>(Step.class);
  private final ConcurrentHashMap<String, LongAdder> codes = new ConcurrentHashMap<>();

  BlastMetrics() {
    for (Step s : Step.values()) {
      recorders.put(s, new Recorder(3));
    }
  }

  @Override
  public void connected(long connectNanos) {
    record(Step.CONNECT, connectNanos);
  }

  @Override
  public void tlsHandshake(TlsInfo tls, SmtpException failure, long handshakeNanos) {
    if (failure == null) {
      record(Step.TLS, handshakeNanos);
    }
  }

  @Override
  public void reply(SmtpPhase phase, int code, long latencyNanos) {
    Step step = switch (phase) {
      case GREETING -> Step.GREETING;
      case EHLO, STARTTLS -> Step.EHLO;
      case AUTH -> Step.AUTH;
      case MAIL -> Step.MAIL;
      case RCPT -> Step.RCPT;
      case DATA -> Step.DATA;
      case FINAL_DOT, BDAT, DATA_CONTENT -> Step.END_OF_DATA;
      default -> null;
    };
    if (step == null) {
      return;
    }
    record(step, latencyNanos);
    codes.computeIfAbsent(step.key() + " " + code, k -> new LongAdder()).increment();
  }

  private void record(Step step, long nanos) {
    recorders.get(step).recordValue(Math.max(1, nanos / 1000));
  }

  /**
   * Forgets the transactions recorded so far (the warmup's). The setup steps are kept: the
   * connections are usually all opened during the warmup, and their setup is what there is to see.
   */
  synchronized void reset() {
    for (Step s : Step.values()) {
      if (s.ordinal() >= Step.MAIL.ordinal()) {
        recorders.get(s).reset();
        totals.remove(s);
      }
    }
    codes.keySet().removeIf(k -> !k.startsWith("greeting") && !k.startsWith("ehlo") && !k.startsWith("auth"));
  }

  /**
   * The end of data's latencies since the last call (for the timeline); every step's interval is
   * added to the run's totals.
   */
  synchronized Histogram interval() {
    Histogram endOfData = null;
    for (Map.Entry<Step, Recorder> e : recorders.entrySet()) {
      Histogram h = e.getValue().getIntervalHistogram();
      totals.computeIfAbsent(e.getKey(), k -> new Histogram(3)).add(h);
      if (e.getKey() == Step.END_OF_DATA) {
        endOfData = h;
      }
    }
    return endOfData;
  }

  /** Percentiles of each step with at least one value, in session order (after {@link #interval()}). */
  synchronized Map<Step, Percentiles> steps() {
    Map<Step, Percentiles> out = new EnumMap<>(Step.class);
    totals.forEach((step, h) -> {
      if (h.getTotalCount() > 0) {
        out.put(step, Percentiles.of(h));
      }
    });
    return out;
  }

  /** Reply counts by "step code", e.g. {@code "rcpt 250"}. */
  Map<String, Long> replyCodes() {
    Map<String, Long> out = new TreeMap<>();
    codes.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
