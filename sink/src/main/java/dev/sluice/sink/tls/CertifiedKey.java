package dev.sluice.sink.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;

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
    // Not writeObject(privateKey): for an EC key that writes SEC1 ("EC PRIVATE KEY") without the
    // curve, which the JDK's encoding leaves to the PKCS#8 wrapper, and readPem cannot use it.
    try {
      return pem(List.of(new JcaPKCS8Generator(privateKey, null)));
    } catch (PemGenerationException e) {
      throw new IllegalStateException("cannot encode the private key: " + e.getMessage(), e);
    }
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

  /**
   * Reads a certificate chain (leaf first) and its unencrypted private key (PKCS#8, PKCS#1 RSA or
   * SEC1 EC) from PEM files, e.g. the ones {@link #writePem} or {@code openssl req -nodes} wrote.
   *
   * @throws UncheckedIOException when a file cannot be read or holds no certificate / no key
   */
  public static CertifiedKey readPem(Path chainFile, Path keyFile) {
    List<X509Certificate> chain = new ArrayList<>();
    PrivateKey key = null;
    try {
      JcaX509CertificateConverter certs = new JcaX509CertificateConverter();
      for (Object o : readPemObjects(chainFile)) {
        if (o instanceof X509CertificateHolder holder) {
          chain.add(certs.getCertificate(holder));
        }
      }
      JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
      for (Object o : readPemObjects(keyFile)) {
        if (o instanceof PEMKeyPair pair) {
          key = keys.getPrivateKey(pair.getPrivateKeyInfo());
        } else if (o instanceof PrivateKeyInfo info) {
          key = keys.getPrivateKey(info);
        }
      }
    } catch (CertificateException e) {
      throw new UncheckedIOException(new IOException("bad certificate in " + chainFile + ": " + e.getMessage(), e));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read PEM: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new UncheckedIOException(new IOException("no PEM certificate in " + chainFile));
    }
    if (key == null) {
      throw new UncheckedIOException(new IOException(
          "no unencrypted PEM private key in " + keyFile + " (PKCS#8, or PKCS#1/SEC1 'BEGIN RSA/EC PRIVATE KEY')"));
    }
    return new CertifiedKey(chain.get(0), key, chain);
  }

  private static List<Object> readPemObjects(Path file) throws IOException {
    List<Object> objects = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        objects.add(o);
      }
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    return objects;
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
