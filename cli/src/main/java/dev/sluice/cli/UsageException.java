package dev.sluice.cli;

/** The user asked for something that cannot work; exit code 2 with this message. */
final class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message);
  }
}
