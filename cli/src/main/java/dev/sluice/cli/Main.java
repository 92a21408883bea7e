package dev.sluice.cli;

import picocli.CommandLine;

/** Entry point of the {@code sluice} command. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (see {@link ExitCodes}). */
  public static int run(String... args) {
    return SluiceCommand.commandLine().execute(args);
  }
}
