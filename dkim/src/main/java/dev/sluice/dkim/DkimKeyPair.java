package dev.sluice.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;

/**
 * A new signing key and the DNS TXT record that publishes its public half (RFC 6376 §3.6.1). RSA
 * publishes the SubjectPublicKeyInfo DER; Ed25519 publishes the bare 32-byte key (RFC 8463 §4),
 * which is the last 32 bytes of the JDK's X.509 encoding.
 */
public record DkimKeyPair(DkimAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {

  /** A fresh key: RSA of {@code bits} (1024–4096), or Ed25519 (bits ignored). */
  public static DkimKeyPair generate(DkimAlgorithm algorithm, int bits) {
    try {
      KeyPairGenerator g;
      if (algorithm == DkimAlgorithm.RSA_SHA256) {
        if (bits < 1024 || bits > 4096) {
          throw new IllegalArgumentException("RSA keys for DKIM have 1024 to 4096 bits (2048 is usual), not " + bits);
        }
        g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
      } else {
        g = KeyPairGenerator.getInstance("Ed25519");
      }
      KeyPair kp = g.generateKeyPair();
      return new DkimKeyPair(algorithm, kp.getPrivate(), kp.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + algorithm.keyType() + " key generator", e);
    }
  }

  /** The private key as PKCS#8 PEM (what {@link PemKeys} and OpenSSL read). */
  public String privateKeyPem() {
    String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(privateKey.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
  }

  /** The {@code p=} value. */
  public String publicKeyData() {
    byte[] spki = publicKey.getEncoded();
    if (algorithm == DkimAlgorithm.ED25519_SHA256) {
      byte[] raw = new byte[32];
      System.arraycopy(spki, spki.length - 32, raw, 0, 32);
      return Base64.getEncoder().encodeToString(raw);
    }
    return Base64.getEncoder().encodeToString(spki);
  }

  /** The TXT record's value, e.g. {@code v=DKIM1; k=ed25519; p=...}. */
  public String txtValue() {
    return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + publicKeyData();
  }

  /** The TXT record's name, {@code selector._domainkey.domain.} */
  public static String txtName(String domain, String selector) {
    return selector + "._domainkey." + domain + ".";
  }

  /**
   * The value as a zone-file string list: DNS character strings hold at most 255 bytes (RFC 1035
   * §3.3), and an RSA-2048 record is longer, so it is split; verifiers join the strings.
   */
  public String txtZoneValue() {
    String v = txtValue();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length(); i += 250) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append('"').append(v, i, Math.min(v.length(), i + 250)).append('"');
    }
    return sb.toString();
  }
}
