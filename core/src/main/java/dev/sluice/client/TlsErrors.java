package dev.sluice.client;

import io.netty.handler.ssl.NotSslRecordException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Turns what a TLS stack throws into an {@link SmtpTlsException} with a reason and a hint. */
final class TlsErrors {

  private TlsErrors() {}

  static SmtpTlsException classify(Throwable error, SmtpPhase phase) {
    return classify(error, phase, false);
  }

  /** {@code afterStartTls}: the handshake followed a 220 to STARTTLS (not implicit TLS). */
  static SmtpTlsException classify(Throwable error, SmtpPhase phase, boolean afterStartTls) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CertificateProblem p) {
        return new SmtpTlsException(p.reason(), SmtpPhase.TLS_HANDSHAKE, p.getMessage(), error);
      }
      if (t instanceof NotSslRecordException) {
        // "Use --tls starttls" only helps when we were not already using it.
        return new SmtpTlsException(SmtpTlsException.Reason.HANDSHAKE_FAILED, SmtpPhase.TLS_HANDSHAKE,
            afterStartTls
                ? "the server accepted STARTTLS but then answered in cleartext, not TLS: the server is broken, or "
                    + "something between us strips TLS; do not send credentials or mail over this path"
                : "the server answered in cleartext, not TLS (is this a STARTTLS port? use --tls starttls)", error);
      }
    }
    String text = messages(error).toLowerCase(Locale.ROOT);
    if (text.contains("protocol_version") || text.contains("no appropriate protocol")
        || text.contains("unsupported protocol") || text.contains("wrong_version_number")
        || text.contains("protocol is disabled")) {
      return new SmtpTlsException(SmtpTlsException.Reason.PROTOCOL_VERSION, SmtpPhase.TLS_HANDSHAKE,
          firstLine(error), error);
    }
    return new SmtpTlsException(SmtpTlsException.Reason.HANDSHAKE_FAILED, SmtpPhase.TLS_HANDSHAKE,
        firstLine(error), error);
  }

  private static String messages(Throwable error) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      b.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
    }
    return b.toString();
  }

  private static String firstLine(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return m == null ? root.getClass().getSimpleName() : m;
  }

  /** Whether {@code error} is a TLS failure at all. */
  static boolean isTls(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return true;
      }
    }
    return false;
  }
}
