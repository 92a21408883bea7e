package dev.sluice.client;

/** TLS could not be established, or not with a peer we can trust. Never followed by cleartext. */
public class SmtpTlsException extends SmtpException {

  /** What went wrong. */
  public enum Reason {
    STARTTLS_NOT_OFFERED("the server does not offer STARTTLS",
        "use --tls implicit if this port speaks TLS from the start (465), or --tls none only for a trusted test server"),
    STARTTLS_REFUSED("the server refused STARTTLS", "try again later or ask the server's operator"),
    HANDSHAKE_FAILED("the TLS handshake failed", "check that this port speaks TLS and supports TLS 1.2 or 1.3"),
    PROTOCOL_VERSION("no common TLS version", "the server offers only TLS versions older than 1.2, which we refuse"),
    CERTIFICATE_EXPIRED("the server's certificate has expired",
        "check your system clock; otherwise the server's certificate must be renewed"),
    CERTIFICATE_NOT_YET_VALID("the server's certificate is not valid yet",
        "check your system clock (it may be behind); otherwise the certificate was issued for the future"),
    CERTIFICATE_UNTRUSTED("the server's certificate is not trusted",
        "it is self-signed or issued by an unknown authority: pass the CA (or the certificate) with --ca-file"),
    HOSTNAME_MISMATCH("the server's certificate does not name this host",
        "connect with the host name the certificate was issued for (not an IP or an alias)"),
    STARTTLS_INJECTION("data was injected before the TLS handshake",
        "someone between you and the server is tampering with the connection; do not retry blindly");

    private final String description;
    private final String hint;

    Reason(String description, String hint) {
      this.description = description;
      this.hint = hint;
    }

    public String description() {
      return description;
    }
  }

  private final Reason reason;

  public SmtpTlsException(Reason reason, SmtpPhase phase, String detail, Throwable cause) {
    super(phase, reason.description + (detail == null || detail.isEmpty() ? "" : ": " + detail), reason.hint, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  @Override
  public boolean isTransient() {
    return reason == Reason.STARTTLS_REFUSED || reason == Reason.HANDSHAKE_FAILED;
  }
}
