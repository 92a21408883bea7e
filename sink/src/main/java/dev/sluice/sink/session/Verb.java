package dev.sluice.sink.session;

import dev.sluice.sink.fault.SmtpStep;

/** The command verbs the sink knows, recognised without allocating (this runs for every command). */
enum Verb {
  HELO(SmtpStep.HELO),
  EHLO(SmtpStep.EHLO),
  MAIL(SmtpStep.MAIL),
  RCPT(SmtpStep.RCPT),
  DATA(SmtpStep.DATA),
  BDAT(SmtpStep.BDAT),
  RSET(SmtpStep.RSET),
  NOOP(SmtpStep.NOOP),
  QUIT(SmtpStep.QUIT),
  VRFY(SmtpStep.VRFY),
  EXPN(SmtpStep.ANY),
  HELP(SmtpStep.ANY),
  AUTH(SmtpStep.AUTH),
  STARTTLS(SmtpStep.STARTTLS),
  EMPTY(SmtpStep.ANY),
  UNKNOWN(SmtpStep.ANY);

  private final SmtpStep step;

  Verb(SmtpStep step) {
    this.step = step;
  }

  /** The fault-injection step of this command. */
  SmtpStep step() {
    return step;
  }

  /** The verb of a command line: its first word, case-insensitive. */
  static Verb of(String line) {
    int end = line.indexOf(' ');
    if (end < 0) {
      end = line.length();
    }
    if (end == 0) {
      return line.isEmpty() ? EMPTY : UNKNOWN;
    }
    if (end == 8) {
      return is(line, "STARTTLS") ? STARTTLS : UNKNOWN;
    }
    if (end != 4) {
      return UNKNOWN;
    }
    return switch (line.charAt(0) | 0x20) {
      case 'a' -> is(line, "AUTH") ? AUTH : UNKNOWN;
      case 'b' -> is(line, "BDAT") ? BDAT : UNKNOWN;
      case 'd' -> is(line, "DATA") ? DATA : UNKNOWN;
      case 'e' -> is(line, "EHLO") ? EHLO : is(line, "EXPN") ? EXPN : UNKNOWN;
      case 'h' -> is(line, "HELO") ? HELO : is(line, "HELP") ? HELP : UNKNOWN;
      case 'm' -> is(line, "MAIL") ? MAIL : UNKNOWN;
      case 'n' -> is(line, "NOOP") ? NOOP : UNKNOWN;
      case 'q' -> is(line, "QUIT") ? QUIT : UNKNOWN;
      case 'r' -> is(line, "RCPT") ? RCPT : is(line, "RSET") ? RSET : UNKNOWN;
      case 'v' -> is(line, "VRFY") ? VRFY : UNKNOWN;
      default -> UNKNOWN;
    };
  }

  /** The argument: everything after the verb and one space; empty when there is none. */
  static String argument(String line) {
    int sp = line.indexOf(' ');
    return sp < 0 ? "" : line.substring(sp + 1);
  }

  private static boolean is(String line, String verb) {
    return line.regionMatches(true, 0, verb, 0, verb.length());
  }
}
