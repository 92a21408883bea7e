package dev.sluice.sink.fault;

import java.util.Locale;

/** A point in an SMTP session where a fault can be injected: a command, or one of two events. */
public enum SmtpStep {
  /** The connection is accepted: faults here replace or delay the 220 greeting. */
  CONNECT("connect"),
  EHLO("ehlo"),
  HELO("helo"),
  STARTTLS("starttls"),
  /** The AUTH command (not the SASL responses that follow it). */
  AUTH("auth"),
  MAIL("mail"),
  RCPT("rcpt"),
  /** The DATA command: the 354 reply, or the message data that follows it (disconnect-mid). */
  DATA("data"),
  /** The end of the message: the reply to the final dot, or to BDAT LAST. */
  DATA_END("data-end"),
  /** A BDAT chunk (every one, LAST included). */
  BDAT("bdat"),
  RSET("rset"),
  NOOP("noop"),
  VRFY("vrfy"),
  QUIT("quit"),
  /** Any command line, whatever its verb (not the greeting, not the end of data). */
  ANY("any");

  private final String specName;

  SmtpStep(String specName) {
    this.specName = specName;
  }

  /** The name in a {@code --fault} spec. */
  public String specName() {
    return specName;
  }

  /** Whether a fault for this step applies to an event of {@code event}. */
  public boolean matches(SmtpStep event) {
    return this == event || (this == ANY && event != CONNECT && event != DATA_END);
  }

  /** Whether message data follows this step, so that {@link FaultAction.DisconnectMidData} fits. */
  public boolean carriesData() {
    return this == DATA || this == BDAT;
  }

  /** The step with this spec name (case-insensitive; {@code greeting} is {@code connect}), or null. */
  public static SmtpStep fromSpecName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("greeting")) {
      return CONNECT;
    }
    for (SmtpStep step : values()) {
      if (step.specName.equals(n)) {
        return step;
      }
    }
    return null;
  }
}
