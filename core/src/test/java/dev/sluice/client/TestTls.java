package dev.sluice.client;

import dev.sluice.sink.tls.CertifiedKey;
import dev.sluice.sink.tls.CertificateBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.time.Duration;
import java.time.Instant;

/** Certificates and server TLS contexts for client tests (public for the hostile-server suite in {@code it}). */
public final class TestTls {

  public static final CertifiedKey CA = CertificateBuilder.authority("Sluice Test CA").selfSigned();
  public static final CertifiedKey LOCALHOST = CertificateBuilder.forHosts("localhost", "127.0.0.1").issuedBy(CA);

  private TestTls() {}

  public static SslContext server(CertifiedKey key, String... protocols) {
    try {
      SslContextBuilder b = SslContextBuilder.forServer(key.privateKey(), key.chain())
          .sslProvider(SslProvider.JDK);
      if (protocols.length > 0) {
        b.protocols(protocols);
      }
      return b.build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server context on OpenSSL (BoringSSL), which still speaks the old TLS versions the JDK refuses. */
  public static SslContext serverOpenSsl(CertifiedKey key, String... protocols) {
    try {
      return SslContextBuilder.forServer(key.privateKey(), key.chain()).sslProvider(SslProvider.OPENSSL)
          .protocols(protocols).build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static SslContext server() {
    return server(LOCALHOST);
  }

  public static TrustConfig trustCa() {
    return TrustConfig.certificates(java.util.List.of(CA.certificate()));
  }

  public static CertifiedKey expired() {
    return CertificateBuilder.forHosts("localhost", "127.0.0.1")
        .withValidity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1))).issuedBy(CA);
  }

  public static CertifiedKey notYetValid() {
    return CertificateBuilder.forHosts("localhost", "127.0.0.1")
        .withValidity(Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30))).issuedBy(CA);
  }

  public static CertifiedKey wrongHost() {
    return CertificateBuilder.forHosts("mail.other.test").issuedBy(CA);
  }

  public static CertifiedKey selfSigned() {
    return CertificateBuilder.forHosts("localhost", "127.0.0.1").selfSigned();
  }
}
