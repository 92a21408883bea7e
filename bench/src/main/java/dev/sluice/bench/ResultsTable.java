package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH CSV result file ({@code -rf csv -rff FILE}) into the Markdown table of
 * {@code bench/README.md}: one row per benchmark and parameter set, with its score, the message
 * bytes per second as GB/s (10^9 bytes) where the benchmark counts them, and the allocation per
 * operation where {@code -prof gc} ran. Errors are JMH's 99.9% confidence half-intervals.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.sluice.bench.ResultsTable results.csv</pre>
 */
public final class ResultsTable {

  private ResultsTable() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ResultsTable JMH_RESULT.csv");
      System.exit(2);
    }
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    List<String> header = JmhCsv.split(lines.get(0));
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = JmhCsv.split(line);
      String name = cells.get(0);
      int colon = name.indexOf(':');
      String benchmark = colon < 0 ? name : name.substring(0, colon);
      StringBuilder params = new StringBuilder();
      for (int i = 7; i < cells.size(); i++) {
        if (!cells.get(i).isEmpty()) {
          params.append(params.length() == 0 ? "" : " ")
              .append(header.get(i).replace("Param: ", "")).append('=').append(cells.get(i));
        }
      }
      Row row = rows.computeIfAbsent(benchmark + " " + params, k -> new Row());
      double score = Double.parseDouble(cells.get(4));
      double error = cells.get(5).isEmpty() || cells.get(5).equals("NaN") ? Double.NaN
          : Double.parseDouble(cells.get(5));
      if (colon < 0) {
        row.benchmark = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        row.params = params.toString();
        row.score = format(score, error) + " " + cells.get(6);
      } else if (name.endsWith(":inputBytes")) {
        row.gbPerSecond = format(score / 1e9, error / 1e9);
      } else if (name.endsWith(":gc.alloc.rate.norm")) {
        row.bytesPerOp = format(score, error);
      }
    }
    System.out.println("| benchmark | params | score ± error | GB/s ± error | B/op ± error |");
    System.out.println("|---|---|---:|---:|---:|");
    for (Row row : rows.values()) {
      System.out.printf("| %s | %s | %s | %s | %s |%n", row.benchmark, row.params, row.score,
          row.gbPerSecond, row.bytesPerOp);
    }
  }

  private static final class Row {
    String benchmark = "";
    String params = "";
    String score = "";
    String gbPerSecond = "";
    String bytesPerOp = "";
  }

  /** Three significant digits or so, enough for noisy numbers. */
  private static String format(double score, double error) {
    String s = number(score);
    return Double.isNaN(error) ? s : s + " ± " + number(error);
  }

  private static String number(double v) {
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
