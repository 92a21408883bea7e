package dev.sluice.cli;

import dev.sluice.client.bulk.BulkStats;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A blast second by second: once a second (on its own daemon thread, never an event loop) it takes
 * the counters' growth and the latencies recorded in that second, writes them as one NDJSON line to
 * {@code --timeline} and keeps them for {@code --report}. It also adds every second's latencies into
 * the run's totals, so the summary and the seconds come from the same values.
 */
final class Timeline implements AutoCloseable {

  /**
   * One second (or the last, shorter interval) of a run; counts are for the interval only.
   *
   * @param t seconds since the timed part began, at the end of the interval
   */
  record Second(double t, long sent, long delivered, long rejected, long failed, long unknown, long inFlight,
      int connections, double msgsPerS, Percentiles endToEnd, Percentiles smtp) {

    String json() {
      return String.format(Locale.ROOT, "{\"t\":%.3f,\"sent\":%d,\"delivered\":%d,\"rejected\":%d,\"failed\":%d,"
              + "\"unknown\":%d,\"in_flight\":%d,\"connections\":%d,\"msgs_per_s\":%.1f,\"end_to_end\":%s,\"smtp\":%s}",
          t, sent, delivered, rejected, failed, unknown, inFlight, connections, msgsPerS, endToEnd.json(), smtp.json());
    }
  }

  private final Supplier<BulkStats> stats;
  private final Recorder endToEnd;
  private final BlastMetrics smtp;
  private final BufferedWriter out;
  private final List<Second> seconds = new ArrayList<>();
  private final Histogram endToEndTotal = new Histogram(3);
  private final Histogram smtpTotal = new Histogram(3);
  private ScheduledExecutorService ticker;
  private BulkStats last;
  private long startedAt;
  private long lastAt;

  /**
   * @param endToEnd end-to-end latencies in microseconds
   * @param file where the NDJSON goes, or null
   */
  Timeline(Supplier<BulkStats> stats, Recorder endToEnd, BlastMetrics smtp, Path file) {
    this.stats = stats;
    this.endToEnd = endToEnd;
    this.smtp = smtp;
    try {
      this.out = file == null ? null : Files.newBufferedWriter(file);
    } catch (IOException e) {
      throw new UsageException("cannot write --timeline " + file + ": " + e.getMessage());
    }
  }

  /** The timed part begins: what was recorded before (the warmup) is dropped. */
  synchronized void start() {
    endToEnd.reset();
    smtp.reset();
    last = stats.get();
    startedAt = System.nanoTime();
    lastAt = startedAt;
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sluice-timeline");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  /** Takes one interval; the last one (from {@link #close}) usually covers less than a second. */
  private synchronized void tick() {
    long now = System.nanoTime();
    BulkStats s = stats.get();
    Histogram e2e = endToEnd.getIntervalHistogram();
    Histogram data = smtp.interval();
    endToEndTotal.add(e2e);
    smtpTotal.add(data);
    double dt = Math.max(1e-9, (now - lastAt) / 1e9);
    long delivered = s.delivered() - last.delivered();
    Second second = new Second((now - startedAt) / 1e9, s.submitted() - last.submitted(), delivered,
        s.rejected() - last.rejected(), s.failed() - last.failed(), s.unknown() - last.unknown(), s.pending(),
        s.pool().open(), delivered / dt, Percentiles.of(e2e), Percentiles.of(data));
    seconds.add(second);
    last = s;
    lastAt = now;
    if (out != null) {
      try {
        out.write(second.json());
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The timed part is over: the last interval is taken, the file closed. */
  @Override
  public void close() {
    if (ticker == null) {
      return;
    }
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      ticker = null;
      tick();
      if (out != null) {
        try {
          out.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  synchronized List<Second> seconds() {
    return List.copyOf(seconds);
  }

  /** End-to-end latencies of the whole timed part, in microseconds. */
  synchronized Histogram endToEnd() {
    return endToEndTotal.copy();
  }

  /** The reply to the end of data (or BDAT LAST) over the whole timed part, in microseconds. */
  synchronized Histogram endOfData() {
    return smtpTotal.copy();
  }
}
