package dev.sluice.dkim;

/** A signature's {@code a=} tag and the DNS record's {@code k=} tag. */
public enum DkimAlgorithm {
  /** RSA PKCS#1 v1.5 over SHA-256 (RFC 6376); keys 1024–4096 bits (RFC 8301 refuses smaller). */
  RSA_SHA256("rsa-sha256", "rsa"),
  /** Ed25519 over the SHA-256 of the header data (RFC 8463 §3). */
  ED25519_SHA256("ed25519-sha256", "ed25519");

  private final String tag;
  private final String keyType;

  DkimAlgorithm(String tag, String keyType) {
    this.tag = tag;
    this.keyType = keyType;
  }

  public String tag() {
    return tag;
  }

  /** The {@code k=} of the DNS record. */
  public String keyType() {
    return keyType;
  }
}
