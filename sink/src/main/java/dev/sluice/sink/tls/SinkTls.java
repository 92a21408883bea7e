package dev.sluice.sink.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/** The sink's server-side TLS context. */
public final class SinkTls {

  private SinkTls() {}

  /**
   * A server context presenting {@code key}'s chain and accepting only {@code protocols}.
   *
   * <p>OpenSSL (netty-tcnative BoringSSL) when it is on the class path and loads, the JDK's TLS
   * otherwise, and always for TLS 1.0/1.1, whose CBC suites only the JDK's defaults still carry. The
   * sink shares the machine with the client it serves in every benchmark; with the JDK's TLS its
   * decryption, not the client, bounded a STARTTLS run (docs/decisions.md, "sink and benchmarks").
   *
   * @throws IllegalStateException when the provider refuses the key or the protocols
   */
  public static SslContext serverContext(CertifiedKey key, List<String> protocols) {
    boolean legacy = protocols.contains("TLSv1") || protocols.contains("TLSv1.1");
    try {
      SslContextBuilder builder = SslContextBuilder
          .forServer(key.privateKey(), key.chain().toArray(X509Certificate[]::new))
          .sslProvider(!legacy && OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
          .protocols(protocols);
      if (legacy) {
        // Netty's default suites are AEAD ones, which TLS 1.0/1.1 lack; with an EC key not one would
        // be left. The JDK's own defaults still have the CBC suites those versions need.
        builder.ciphers(List.of(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites()));
      }
      return builder.build();
    } catch (SSLException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot build the sink's TLS context: " + e.getMessage(), e);
    }
  }
}
