package dev.sluice.client;

/** The step of a session something happened in: errors and timeouts name it. */
public enum SmtpPhase {
  CONNECT("connecting"),
  GREETING("waiting for the server's greeting"),
  EHLO("EHLO/HELO"),
  STARTTLS("STARTTLS"),
  TLS_HANDSHAKE("the TLS handshake"),
  TOKEN("getting an OAuth token from the token source"),
  AUTH("authentication"),
  MAIL("MAIL FROM"),
  RCPT("RCPT TO"),
  DATA("DATA"),
  DATA_CONTENT("sending the message data"),
  FINAL_DOT("waiting for the reply to the end of the message data"),
  BDAT("BDAT"),
  RSET("RSET"),
  NOOP("NOOP"),
  QUIT("QUIT");

  private final String description;

  SmtpPhase(String description) {
    this.description = description;
  }

  /** Human words for this phase, e.g. "waiting for the server's greeting". */
  public String description() {
    return description;
  }
}
