package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sink.tls.CertificateBuilder;
import dev.sluice.sink.tls.CertifiedKey;
import dev.sluice.sink.tls.SinkTls;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sink picks OpenSSL for its TLS when netty-tcnative is on the class path (it is here, through
 * the client), and the JDK's TLS when TLS 1.0/1.1 are asked for.
 */
class SinkTlsProviderTest {

  private static final CertifiedKey KEY = CertificateBuilder.forHosts("localhost").selfSigned();

  @Test
  void usesOpenSslForCurrentProtocolsWhenTcnativeLoads() {
    assertThat(OpenSsl.isAvailable()).as("tcnative loads in core's tests").isTrue();
    SslContext context = SinkTls.serverContext(KEY, List.of("TLSv1.3", "TLSv1.2"));
    assertThat(context).isInstanceOf(OpenSslContext.class);
    assertThat(context.isServer()).isTrue();
  }

  @Test
  void usesTheJdksTlsWhenTls10Or11IsAskedFor() {
    assertThat(SinkTls.serverContext(KEY, List.of("TLSv1.2", "TLSv1.1"))).isInstanceOf(JdkSslContext.class);
  }
}
