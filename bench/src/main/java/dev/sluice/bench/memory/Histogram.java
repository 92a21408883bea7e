package dev.sluice.bench.memory;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;

/**
 * The heap's class histogram ({@code jcmd PID GC.class_histogram}, taken from inside through the
 * DiagnosticCommand MBean), and the difference of two, per connection: what each connection holds.
 */
final class Histogram {

  private Histogram() {}

  static String take() throws Exception {
    return (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
  }

  /** The {@code top} classes whose bytes grew most from {@code before} to {@code after}, per connection. */
  static String diff(String before, String after, int connections, int top) {
    Map<String, long[]> a = parse(before);
    Map<String, long[]> b = parse(after);
    List<Map.Entry<String, long[]>> grown = new ArrayList<>();
    for (Map.Entry<String, long[]> e : b.entrySet()) {
      long[] old = a.getOrDefault(e.getKey(), new long[2]);
      grown.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - old[0], e.getValue()[1] - old[1]}));
    }
    grown.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%10s %10s  %s%n", "objects/c", "bytes/c", "class"));
    for (Map.Entry<String, long[]> e : grown.subList(0, Math.min(top, grown.size()))) {
      out.append(String.format(Locale.ROOT, "%10.2f %10.1f  %s%n", e.getValue()[0] / (double) connections,
          e.getValue()[1] / (double) connections, e.getKey()));
    }
    return out.toString();
  }

  /** class name -> {instances, bytes}, from lines like {@code "   1:   1234   56789  java.lang.String (java.base)"}. */
  private static Map<String, long[]> parse(String histogram) {
    Map<String, long[]> m = new HashMap<>();
    for (String line : histogram.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        m.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      }
    }
    return m;
  }
}
