package dev.sluice.cli;

import dev.sluice.client.WireTrace;
import java.io.PrintWriter;

/** {@code --trace}: the dialogue on stderr, client lines as {@code C:}, server lines as {@code S:}. */
final class StderrTrace implements WireTrace {

  private final PrintWriter err;

  StderrTrace(PrintWriter err) {
    this.err = err;
  }

  @Override
  public synchronized void sent(String line) {
    err.println("C: " + line);
    err.flush();
  }

  @Override
  public synchronized void received(String line) {
    err.println("S: " + line);
    err.flush();
  }

  @Override
  public synchronized void event(String description) {
    err.println("*  " + description);
    err.flush();
  }
}
