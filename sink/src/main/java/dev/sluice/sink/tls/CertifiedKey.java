package dev.sluice.sink.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * A certificate, its private key and the chain to present (the certificate first, then any
 * issuers below the root).
 */
public record CertifiedKey(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

  public CertifiedKey {
    chain = List.copyOf(chain);
  }

  /** The certificate alone, PEM-encoded: what a client needs to trust a self-signed sink. */
  public String certificatePem() {
    return pem(List.of(certificate));
  }

  /** The whole chain, PEM-encoded, leaf first. */
  public String chainPem() {
    return pem(List.copyOf(chain));
  }

  /** The private key, PEM-encoded (PKCS#8). */
  public String privateKeyPem() {
    return pem(List.of(privateKey));
  }

  /** Writes the chain and the key (the key readable by the owner only, where the OS allows). */
  public void writePem(Path chainFile, Path keyFile) throws IOException {
    Files.writeString(chainFile, chainPem());
    Files.writeString(keyFile, privateKeyPem());
    try {
      Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the default ACL of a temp file is already per-user.
    }
  }

  private static String pem(List<?> objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        writer.writeObject(o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "CertifiedKey[" + certificate.getSubjectX500Principal() + ", valid "
        + certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant() + "]";
  }
}
