package dev.sluice.client;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** Which server certificates to trust. */
public sealed interface TrustConfig {

  /** The JVM's default trust store (the operating system's CAs on most JDKs). The default. */
  static TrustConfig system() {
    return System.INSTANCE;
  }

  /** The CA certificates (or a self-signed server certificate) in a PEM file. */
  static TrustConfig pemFile(Path file) {
    return new PemFile(file);
  }

  /** These certificates, e.g. an embedded sink's self-signed one. */
  static TrustConfig certificates(List<X509Certificate> certificates) {
    return new Certificates(certificates);
  }

  /**
   * Trust any certificate and skip the host name check: only for tests against throwaway servers.
   * A warning is logged on every connection.
   */
  static TrustConfig insecure() {
    return Insecure.INSTANCE;
  }

  /**
   * The JDK trust manager for these trust anchors ({@link #insecure()} gives the system's: it is
   * for checks that record a verdict, e.g. opportunistic TLS to an MX, not for trusting anything).
   *
   * @throws IllegalStateException when the certificates cannot be read
   */
  static javax.net.ssl.X509ExtendedTrustManager trustManager(TrustConfig trust) {
    return TlsContexts.trustManager(trust instanceof Insecure ? system() : trust);
  }

  /** See {@link #system()}. */
  enum System implements TrustConfig { INSTANCE }

  /** See {@link #insecure()}. */
  enum Insecure implements TrustConfig { INSTANCE }

  /** See {@link #pemFile(Path)}. */
  record PemFile(Path file) implements TrustConfig {
    public PemFile {
      Objects.requireNonNull(file, "file");
    }
  }

  /** See {@link #certificates(List)}. */
  record Certificates(List<X509Certificate> certificates) implements TrustConfig {
    public Certificates {
      certificates = List.copyOf(certificates);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("at least one certificate to trust is needed");
      }
    }
  }
}
