package dev.sluice.route.tls;

/** Why a session could not be protected as its policy required: the result types of RFC 8460 §4.3. */
public enum TlsResultType {
  STARTTLS_NOT_SUPPORTED("starttls-not-supported"),
  CERTIFICATE_HOST_MISMATCH("certificate-host-mismatch"),
  CERTIFICATE_EXPIRED("certificate-expired"),
  CERTIFICATE_NOT_TRUSTED("certificate-not-trusted"),
  VALIDATION_FAILURE("validation-failure"),
  TLSA_INVALID("tlsa-invalid"),
  DNSSEC_INVALID("dnssec-invalid"),
  DANE_REQUIRED("dane-required"),
  STS_POLICY_FETCH_ERROR("sts-policy-fetch-error"),
  STS_POLICY_INVALID("sts-policy-invalid"),
  STS_WEBPKI_INVALID("sts-webpki-invalid");

  private final String json;

  TlsResultType(String json) {
    this.json = json;
  }

  /** The name in reports, e.g. {@code certificate-expired}. */
  public String json() {
    return json;
  }
}
