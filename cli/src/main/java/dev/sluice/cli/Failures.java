package dev.sluice.cli;

import dev.sluice.client.ConnectionLostException;
import dev.sluice.client.MessageRefusedException;
import dev.sluice.client.ProtocolViolationException;
import dev.sluice.client.SmtpAuthenticationException;
import dev.sluice.client.SmtpConnectException;
import dev.sluice.client.SmtpException;
import dev.sluice.client.SmtpRejectedException;
import dev.sluice.client.SmtpTimeoutException;
import dev.sluice.client.SmtpTlsException;
import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns any failure into one clear error line (plus a hint) and the contract's exit code. */
final class Failures {

  private Failures() {}

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static int exitCode(Throwable error) {
    Throwable t = unwrap(error);
    if (t instanceof SmtpRejectedException || t instanceof MessageRefusedException) {
      return ExitCodes.REJECTED;
    }
    if (t instanceof SmtpAuthenticationException) {
      return ExitCodes.AUTHENTICATION;
    }
    if (t instanceof SmtpTlsException || t instanceof SmtpConnectException || t instanceof ConnectionLostException) {
      return ExitCodes.CONNECTION;
    }
    if (t instanceof SmtpTimeoutException || t instanceof ProtocolViolationException) {
      return ExitCodes.TIMEOUT_OR_PROTOCOL;
    }
    if (t instanceof SmtpException) {
      return ExitCodes.CONNECTION;
    }
    return ExitCodes.USAGE;
  }

  /** Prints "sluice: what happened" and, when known, "hint: what to do"; returns the exit code. */
  static int report(PrintWriter err, Throwable error) {
    Throwable t = unwrap(error);
    if (t instanceof SmtpException e) {
      err.println("sluice: " + e.getMessage());
      if (!e.hint().isEmpty()) {
        err.println("hint: " + e.hint());
      }
    } else if (t instanceof UsageException || t instanceof IllegalArgumentException) {
      err.println("sluice: " + t.getMessage());
    } else {
      err.println("sluice: unexpected error: " + t);
    }
    err.flush();
    return exitCode(t);
  }
}
