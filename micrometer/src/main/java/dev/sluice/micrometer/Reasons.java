package dev.sluice.micrometer;

import dev.sluice.client.ConnectionLostException;
import dev.sluice.client.MessageRefusedException;
import dev.sluice.client.ProtocolViolationException;
import dev.sluice.client.SmtpAuthenticationException;
import dev.sluice.client.SmtpConnectException;
import dev.sluice.client.SmtpException;
import dev.sluice.client.SmtpPhase;
import dev.sluice.client.SmtpRejectedException;
import dev.sluice.client.SmtpTimeoutException;
import dev.sluice.client.SmtpTlsException;
import dev.sluice.client.StartTlsInjectionException;
import java.util.Locale;

/** Bounded tag values for errors, phases and replies: every value comes from a fixed set. */
final class Reasons {

  private Reasons() {}

  /** Why something failed, from a fixed vocabulary (enum names, lower case). */
  static String of(SmtpException e) {
    if (e == null) {
      return "none";
    }
    if (e instanceof SmtpConnectException c) {
      return lower(c.reason().name());
    }
    if (e instanceof StartTlsInjectionException) {
      return "starttls_injection";
    }
    if (e instanceof SmtpTlsException t) {
      return lower(t.reason().name());
    }
    if (e instanceof SmtpAuthenticationException a) {
      return lower(a.reason().name());
    }
    if (e instanceof SmtpTimeoutException) {
      return "timeout";
    }
    if (e instanceof SmtpRejectedException r) {
      return r.reply() != null && r.reply().isTransientFailure() ? "rejected_transient" : "rejected";
    }
    if (e instanceof MessageRefusedException m) {
      return lower(m.reason().name());
    }
    if (e instanceof ProtocolViolationException) {
      return "protocol_violation";
    }
    if (e instanceof ConnectionLostException) {
      return "connection_lost";
    }
    return "other";
  }

  static String phase(SmtpPhase phase) {
    return phase == null ? "none" : PHASES[phase.ordinal()];
  }

  private static final String[] PHASES = new String[SmtpPhase.values().length];

  static {
    for (SmtpPhase p : SmtpPhase.values()) {
      PHASES[p.ordinal()] = lower(p.name());
    }
  }

  /** RFC 3463 section 3: the subject digit of an enhanced status code, by name. */
  static String subject(int subject) {
    return switch (subject) {
      case -1 -> "none";
      case 0 -> "other";
      case 1 -> "addressing";
      case 2 -> "mailbox";
      case 3 -> "mail_system";
      case 4 -> "network";
      case 5 -> "protocol";
      case 6 -> "content";
      case 7 -> "security";
      default -> "unknown";
    };
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
