package dev.sluice.route.dns;

/**
 * One TLSA record (RFC 6698), for DANE.
 *
 * @param usage certificate usage (2 DANE-TA, 3 DANE-EE for SMTP, RFC 7672)
 * @param selector 0 full certificate, 1 SubjectPublicKeyInfo
 * @param matchingType 0 exact, 1 SHA-256, 2 SHA-512
 * @param data the association data
 */
public record TlsaRecord(int usage, int selector, int matchingType, byte[] data) {

  public TlsaRecord {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }
}
