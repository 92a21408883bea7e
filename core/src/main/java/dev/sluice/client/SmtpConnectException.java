package dev.sluice.client;

/** No TCP connection could be made. */
public final class SmtpConnectException extends SmtpException {

  /** Why. */
  public enum Reason {
    DNS("check the host name"),
    REFUSED("nothing listens on that port: check the port, or a firewall rejects the connection"),
    UNREACHABLE("no route to the host: check the network and any firewall"),
    TIMEOUT("no answer: a firewall may drop the packets, or the port is wrong"),
    OTHER("check the host, the port and the network");

    private final String hint;

    Reason(String hint) {
      this.hint = hint;
    }
  }

  private final Reason reason;

  public SmtpConnectException(Reason reason, String message, Throwable cause) {
    super(SmtpPhase.CONNECT, message, reason.hint, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  @Override
  public boolean isTransient() {
    return reason != Reason.DNS;
  }
}
