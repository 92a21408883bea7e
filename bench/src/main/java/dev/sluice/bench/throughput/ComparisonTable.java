package dev.sluice.bench.throughput;

import dev.sluice.bench.JmhCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the JMH CSV files of a comparison run ({@code bench/scripts/jmh-compare.sh}: several rounds,
 * each client's benchmarks in every round) into the Markdown tables of {@code bench/README.md}: per
 * workload the median score of each client over the rounds, Sluice's ratio to each other client,
 * the allocation per message ({@code -prof gc}), and issue 6's targets.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.sluice.bench.throughput.ComparisonTable r1-*.csv r2-*.csv ...</pre>
 */
public final class ComparisonTable {

  private static final Map<String, String> CLIENTS = new LinkedHashMap<>();

  static {
    CLIENTS.put("ThroughputBenchmark", "Sluice");
    CLIENTS.put("AngusThroughputBenchmark", "Angus Mail 2.0.4");
    CLIENTS.put("VertxThroughputBenchmark", "vertx-mail-client 4.5.22");
    CLIENTS.put("NioSmtpThroughputBenchmark", "NioSmtpClient 1.1.0");
  }

  /** Scores of one client on one workload, one per round. */
  private static final class Cell {
    final List<Double> scores = new ArrayList<>();
    final List<Double> allocation = new ArrayList<>();
  }

  private ComparisonTable() {}

  public static void main(String[] args) throws IOException {
    // workload ("connections size tls") -> client -> cell
    Map<String, Map<String, Cell>> table = new TreeMap<>(ComparisonTable::byWorkload);
    for (String file : args) {
      read(Path.of(file), table);
    }
    System.out.println("| connections | size | tls | " + String.join(" | ", CLIENTS.values())
        + " | Sluice / Angus | Sluice / vertx | Sluice / Nio |");
    System.out.println("|---:|---:|---|" + "---:|".repeat(CLIENTS.size() + 3));
    for (Map.Entry<String, Map<String, Cell>> row : table.entrySet()) {
      String[] w = row.getKey().split(" ");
      StringBuilder line = new StringBuilder("| " + w[0] + " | " + w[1] + " | " + w[2] + " |");
      Double sluice = median(row.getValue(), "Sluice");
      for (String client : CLIENTS.values()) {
        Double m = median(row.getValue(), client);
        line.append(' ').append(m == null ? "–" : client.equals("Sluice") ? "**" + number(m) + "**" : number(m))
            .append(" |");
      }
      for (String peer : List.of("Angus Mail 2.0.4", "vertx-mail-client 4.5.22", "NioSmtpClient 1.1.0")) {
        Double p = median(row.getValue(), peer);
        line.append(' ').append(sluice == null || p == null ? "–" : ratio(sluice / p)).append(" |");
      }
      System.out.println(line);
    }
    System.out.println();
    System.out.println("Allocation per message (B, -prof gc gc.alloc.rate.norm, median of the rounds):");
    System.out.println();
    System.out.println("| connections | size | tls | " + String.join(" | ", CLIENTS.values()) + " |");
    System.out.println("|---:|---:|---|" + "---:|".repeat(CLIENTS.size()));
    for (Map.Entry<String, Map<String, Cell>> row : table.entrySet()) {
      String[] w = row.getKey().split(" ");
      StringBuilder line = new StringBuilder("| " + w[0] + " | " + w[1] + " | " + w[2] + " |");
      for (String client : CLIENTS.values()) {
        Cell c = row.getValue().get(client);
        line.append(' ').append(c == null || c.allocation.isEmpty() ? "–" : number(median(c.allocation))).append(" |");
      }
      System.out.println(line);
    }
    System.out.println();
    targets(table);
  }

  private static void targets(Map<String, Map<String, Cell>> table) {
    Map<String, Cell> plain = table.get("10 1024 none");
    System.out.println("Issue 6's targets (10 connections, 1 KiB):");
    if (plain != null) {
      target(plain, "Angus Mail 2.0.4", 2.5);
      target(plain, "vertx-mail-client 4.5.22", 3.5);
      target(plain, "NioSmtpClient 1.1.0", 1.3);
    }
    Map<String, Cell> openssl = table.get("10 1024 starttls-openssl");
    if (plain != null && openssl != null && median(plain, "Sluice") != null && median(openssl, "Sluice") != null) {
      double r = median(openssl, "Sluice") / median(plain, "Sluice");
      System.out.printf(Locale.ROOT, "- Sluice STARTTLS (OpenSSL) / Sluice plaintext: %s (≥ 0.70× %s)%n", ratio(r),
          r >= 0.7 ? "met" : "**missed**");
    }
  }

  private static void target(Map<String, Cell> row, String peer, double target) {
    Double s = median(row, "Sluice");
    Double p = median(row, peer);
    if (s != null && p != null) {
      double r = s / p;
      System.out.printf(Locale.ROOT, "- Sluice / %s: %s (≥ %.1f× %s)%n", peer, ratio(r), target,
          r >= target ? "met" : "**missed**");
    }
  }

  private static void read(Path file, Map<String, Map<String, Cell>> table) throws IOException {
    List<String> lines = Files.readAllLines(file);
    if (lines.isEmpty()) {
      return;
    }
    List<String> header = JmhCsv.split(lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = JmhCsv.split(line);
      String name = cells.get(0);
      int colon = name.indexOf(':');
      String method = colon < 0 ? name : name.substring(0, colon);
      String simple = method.substring(0, method.lastIndexOf('.'));
      String client = CLIENTS.get(simple.substring(simple.lastIndexOf('.') + 1));
      if (client == null) {
        continue;
      }
      String workload = param(header, cells, "connections") + " " + param(header, cells, "size") + " "
          + param(header, cells, "tls");
      Cell cell = table.computeIfAbsent(workload, k -> new LinkedHashMap<>()).computeIfAbsent(client, k -> new Cell());
      double score = Double.parseDouble(cells.get(header.indexOf("Score")));
      if (colon < 0) {
        cell.scores.add(score);
      } else if (name.endsWith(":gc.alloc.rate.norm")) {
        cell.allocation.add(score);
      }
    }
  }

  private static String param(List<String> header, List<String> cells, String name) {
    int i = header.indexOf("Param: " + name);
    return i < 0 || i >= cells.size() ? "?" : cells.get(i);
  }

  private static Double median(Map<String, Cell> row, String client) {
    Cell c = row.get(client);
    return c == null || c.scores.isEmpty() ? null : median(c.scores);
  }

  private static double median(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  private static int byWorkload(String a, String b) {
    String[] x = a.split(" ");
    String[] y = b.split(" ");
    int c = compareNumbers(x[1], y[1]);
    if (c == 0) {
      c = compareNumbers(x[0], y[0]);
    }
    return c != 0 ? c : x[2].compareTo(y[2]);
  }

  private static int compareNumbers(String a, String b) {
    try {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }

  private static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2f×", r);
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }
}
