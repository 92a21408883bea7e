package dev.sluice.cli;

/** The exit codes of {@code sluice} commands (the contract in DESIGN.md). */
public final class ExitCodes {

  /** Accepted for every recipient / every step passed. */
  public static final int OK = 0;
  /** Rejected by the server (any recipient or the data). */
  public static final int REJECTED = 1;
  /** Usage or invalid input (e.g. CR/LF in an address). */
  public static final int USAGE = 2;
  /** Connection or TLS failure. */
  public static final int CONNECTION = 3;
  /** Authentication failure. */
  public static final int AUTHENTICATION = 4;
  /** Timeout or protocol violation. */
  public static final int TIMEOUT_OR_PROTOCOL = 5;

  private ExitCodes() {}
}
