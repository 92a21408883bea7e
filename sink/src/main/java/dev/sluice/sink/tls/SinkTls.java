package dev.sluice.sink.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/** The sink's server-side TLS context. */
public final class SinkTls {

  private SinkTls() {}

  /**
   * A server context presenting {@code key}'s chain and accepting only {@code protocols}. The JDK
   * provider: it is always there, and the sink's TLS speed is not what anyone measures.
   *
   * @throws IllegalStateException when the JDK refuses the key or the protocols
   */
  public static SslContext serverContext(CertifiedKey key, List<String> protocols) {
    try {
      return SslContextBuilder.forServer(key.privateKey(), key.chain().toArray(X509Certificate[]::new))
          .sslProvider(SslProvider.JDK)
          .protocols(protocols)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the sink's TLS context: " + e.getMessage(), e);
    }
  }
}
