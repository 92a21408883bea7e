package dev.sluice.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on a terminal, a plain line every few seconds otherwise. */
abstract class Progress implements AutoCloseable {

  /** @param total messages expected, or -1 when unknown (a --duration without --rate) */
  static Progress start(PrintWriter err, long total) {
    return System.console() != null ? new Bar(total) : new Lines(err, total);
  }

  abstract void update(long done);

  @Override
  public abstract void close();

  private static final class Bar extends Progress {
    private final ProgressBar bar;

    Bar(long total) {
      bar = new ProgressBarBuilder().setTaskName("blast").setInitialMax(total).setUpdateIntervalMillis(250)
          .setStyle(ProgressBarStyle.ASCII).setUnit(" msg", 1).showSpeed().continuousUpdate().build();
    }

    @Override
    void update(long done) {
      bar.stepTo(done);
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  private static final class Lines extends Progress {
    private final PrintWriter err;
    private final long total;
    private final long start = System.nanoTime();
    private long nextAt = System.nanoTime() + 2_000_000_000L;

    Lines(PrintWriter err, long total) {
      this.err = err;
      this.total = total;
    }

    @Override
    void update(long done) {
      long now = System.nanoTime();
      if (now >= nextAt) {
        nextAt = now + 2_000_000_000L;
        err.printf("blast: %d%s messages done after %.1f s%n", done, total < 0 ? "" : "/" + total, (now - start) / 1e9);
        err.flush();
      }
    }

    @Override
    public void close() {}
  }
}
