package dev.sluice.client;

import java.security.cert.CertificateException;

/** A certificate check failure that already knows which of the usual problems it is. */
final class CertificateProblem extends CertificateException {

  private final SmtpTlsException.Reason reason;

  CertificateProblem(SmtpTlsException.Reason reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
  }

  SmtpTlsException.Reason reason() {
    return reason;
  }
}
