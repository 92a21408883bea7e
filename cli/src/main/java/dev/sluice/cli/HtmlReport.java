package dev.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * {@code --report FILE.html}: one self-contained page (its script and styles inline, no network)
 * that draws the blast's throughput and latency over time, the latency percentile spectrum and the
 * reply codes as SVG. The data goes in as JSON; the page's script (a resource next to this class)
 * does the drawing, so the page is the same for every run and can be checked once in a browser.
 */
final class HtmlReport {

  private static final String TEMPLATE = "report.html";
  private static final String SLOT = "/*BLAST_DATA*/null";

  private HtmlReport() {}

  /**
   * @param summaryJson the run's summary (the same as {@code --json})
   * @param title shown at the top: what was blasted, with which options
   */
  static void write(Path file, String title, String summaryJson, List<Timeline.Second> seconds, Histogram endToEnd,
      Histogram endOfData, Map<BlastMetrics.Step, Percentiles> steps, Map<String, Long> replyCodes) {
    StringBuilder d = new StringBuilder(4096 + seconds.size() * 400);
    d.append("{\"title\":").append(string(title)).append(",\"summary\":").append(summaryJson).append(",\"seconds\":[");
    for (int i = 0; i < seconds.size(); i++) {
      d.append(i == 0 ? "" : ",").append(seconds.get(i).json());
    }
    d.append("],\"spectrum\":{\"end_to_end\":").append(spectrum(endToEnd)).append(",\"smtp\":")
        .append(spectrum(endOfData)).append("},\"steps\":{");
    boolean first = true;
    for (var e : steps.entrySet()) {
      d.append(first ? "" : ",").append(string(e.getKey().key())).append(':').append(e.getValue().json());
      first = false;
    }
    d.append("},\"codes\":{");
    first = true;
    for (var e : replyCodes.entrySet()) {
      d.append(first ? "" : ",").append(string(e.getKey())).append(':').append(e.getValue());
      first = false;
    }
    d.append("}}");
    String page = template().replace(SLOT, d.toString().replace("<", "\\u003c"));
    try {
      Files.writeString(file, page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("cannot write --report " + file + ": " + e.getMessage());
    }
  }

  /** [percentile, ms] pairs, a few per halving of the tail (HdrHistogram's percentile iteration). */
  static String spectrum(Histogram micros) {
    StringBuilder b = new StringBuilder("[");
    if (micros.getTotalCount() > 0) {
      boolean first = true;
      for (HistogramIterationValue v : micros.percentiles(5)) {
        double p = v.getPercentileLevelIteratedTo();
        if (p >= 100) {
          p = 100 - 100.0 / Math.max(2, micros.getTotalCount()); // the maximum, drawn at the last value's place
        }
        b.append(first ? "" : ",").append(String.format(Locale.ROOT, "[%.6f,%.3f]", p,
            micros.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0));
        first = false;
      }
    }
    return b.append(']').toString();
  }

  static String string(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private static String template() {
    try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("the report template " + TEMPLATE + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the report template", e);
    }
  }
}
