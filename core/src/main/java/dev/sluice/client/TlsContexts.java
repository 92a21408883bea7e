package dev.sluice.client;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the client's {@link SslContext}: TLS 1.3 and 1.2 only, host name verification on (HTTPS
 * rules: DNS names and IP addresses in subjectAltName), trust from {@link TrustConfig}, OpenSSL when
 * available. One context per client, shared by all its connections.
 */
final class TlsContexts {

  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private TlsContexts() {}

  static SslContext forClient(TrustConfig trust, TlsProvider provider) {
    SslProvider ssl = switch (provider) {
      case JDK -> SslProvider.JDK;
      case OPENSSL -> {
        if (!OpenSsl.isAvailable()) {
          throw new IllegalStateException("OpenSSL (netty-tcnative) is not available on this platform: "
              + OpenSsl.unavailabilityCause());
        }
        yield SslProvider.OPENSSL;
      }
      case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    };
    boolean insecure = trust instanceof TrustConfig.Insecure;
    try {
      SslContextBuilder b = SslContextBuilder.forClient()
          .sslProvider(ssl)
          .protocols(PROTOCOLS)
          .endpointIdentificationAlgorithm(insecure ? null : "HTTPS");
      if (insecure) {
        b.trustManager(InsecureTrustManagerFactory.INSTANCE);
      } else {
        b.trustManager(new CertificateVerifier(trustManager(trust)));
      }
      return b.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** Which provider a context built for {@code provider} would use. */
  static String providerName(TlsProvider provider) {
    return provider == TlsProvider.JDK || !OpenSsl.isAvailable() ? "JDK" : "OpenSSL " + OpenSsl.versionString();
  }

  static X509ExtendedTrustManager trustManager(TrustConfig trust) {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (trust instanceof TrustConfig.System) {
        tmf.init((KeyStore) null);
      } else {
        List<X509Certificate> certs = trust instanceof TrustConfig.PemFile p ? readPem(p) :
            ((TrustConfig.Certificates) trust).certificates();
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        for (int i = 0; i < certs.size(); i++) {
          ks.setCertificateEntry("trusted-" + i, certs.get(i));
        }
        tmf.init(ks);
      }
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot load the trusted certificates: " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> readPem(TrustConfig.PemFile pem) {
    try (InputStream in = Files.newInputStream(pem.file())) {
      Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
      List<X509Certificate> certs = new ArrayList<>();
      for (Certificate c : all) {
        certs.add((X509Certificate) c);
      }
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("no PEM certificate found in " + pem.file());
      }
      return certs;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the CA file " + pem.file() + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the CA file " + pem.file() + " holds no valid PEM certificate: "
          + e.getMessage(), e);
    }
  }
}
