package dev.sluice.cli;

import io.netty.util.ResourceLeakDetector;

/** Entry point of the {@code sluice} command. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      // Netty samples one buffer in 128 with a stack trace by default: a cost per message in a
      // process whose job is to move messages fast, with no test around to read the report.
      // Tests (and anyone who sets the property) keep their level.
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (see {@link ExitCodes}). */
  public static int run(String... args) {
    return SluiceCommand.commandLine().execute(args);
  }
}
