package dev.sluice.client.probe;

import dev.sluice.client.SmtpException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One check of a probe and how it went.
 *
 * @param check which check
 * @param status PASS, FAIL, or SKIP when it could not run because an earlier check failed (or a
 *     setting turned it off)
 * @param elapsed how long it took; null for checks made on what an earlier step received (the
 *     certificate checks happen inside the TLS handshake)
 * @param summary what was seen, or what went wrong, in one line
 * @param details more lines: addresses, capabilities, certificates…
 * @param hint what to do about a failure or a skip; empty for a pass
 * @param error the client's error behind a failure, or null
 */
public record ProbeStep(Check check, Status status, Duration elapsed, String summary, List<String> details,
    String hint, SmtpException error) {

  /** The checks, in the order a STARTTLS session meets them. */
  public enum Check {
    DNS("dns"),
    CONNECT("connect"),
    BANNER("banner"),
    EHLO("ehlo"),
    STARTTLS("starttls"),
    TLS("tls"),
    CERTIFICATE_CHAIN("certificate chain"),
    HOST_NAME("host name"),
    VALIDITY("validity"),
    AUTH_MECHANISMS("auth mechanisms"),
    LOGIN("login");

    private final String label;

    Check(String label) {
      this.label = label;
    }

    /** The name shown in reports, e.g. {@code "host name"}. */
    public String label() {
      return label;
    }
  }

  /** How a check went. */
  public enum Status { PASS, FAIL, SKIP }

  public ProbeStep {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(summary, "summary");
    details = List.copyOf(details);
    hint = hint == null ? "" : hint;
  }

  static ProbeStep pass(Check check, Duration elapsed, String summary, List<String> details) {
    return new ProbeStep(check, Status.PASS, elapsed, summary, details, "", null);
  }

  static ProbeStep fail(Check check, Duration elapsed, String summary, List<String> details, String hint,
      SmtpException error) {
    return new ProbeStep(check, Status.FAIL, elapsed, summary, details, hint, error);
  }

  static ProbeStep skip(Check check, String summary, List<String> details, String hint) {
    return new ProbeStep(check, Status.SKIP, null, summary, details, hint, null);
  }

  public boolean passed() {
    return status == Status.PASS;
  }
}
