package dev.sluice.bench;

import java.util.ArrayList;
import java.util.List;

/** Reading JMH's CSV results ({@code -rf csv}), for the table printers. */
public final class JmhCsv {

  private JmhCsv() {}

  /** One line of JMH's CSV: fields in double quotes or bare. */
  public static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
