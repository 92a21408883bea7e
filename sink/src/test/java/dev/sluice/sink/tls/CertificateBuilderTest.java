package dev.sluice.sink.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateBuilderTest {

  @Test
  void issuesASelfSignedServerCertificateForHostsAndIps() throws Exception {
    CertifiedKey key = CertificateBuilder.forHosts("localhost", "127.0.0.1").selfSigned();

    key.certificate().checkValidity();
    key.certificate().verify(key.certificate().getPublicKey());
    assertThat(key.certificate().getSubjectAlternativeNames())
        .extracting(n -> (Object) n.get(1))
        .containsExactly((Object) "localhost", "127.0.0.1");
    assertThat(key.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(key.privateKeyPem()).contains("PRIVATE KEY-----");
  }

  @Test
  void issuesCertificatesFromAnAuthorityWithTheirChain() throws Exception {
    CertifiedKey ca = CertificateBuilder.authority("Sluice Test CA").selfSigned();
    CertifiedKey server = CertificateBuilder.forHosts("mx.example.test").issuedBy(ca);

    server.certificate().verify(ca.certificate().getPublicKey());
    assertThat(server.chain()).containsExactly(server.certificate(), ca.certificate());
    assertThat(ca.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void readsBackTheEcKeyAndChainItWroteAsPem(@TempDir Path dir) {
    CertifiedKey ca = CertificateBuilder.authority("Sluice Test CA").selfSigned();
    CertifiedKey server = CertificateBuilder.forHosts("localhost").issuedBy(ca);
    Path chain = dir.resolve("chain.pem");
    Path key = dir.resolve("key.pem");

    assertThatCode(() -> server.writePem(chain, key)).doesNotThrowAnyException();
    CertifiedKey read = CertifiedKey.readPem(chain, key);

    assertThat(server.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(read.privateKey().getEncoded()).isEqualTo(server.privateKey().getEncoded());
    assertThat(read.chain()).containsExactlyElementsOf(server.chain());
  }

  @Test
  void issuesExpiredCertificatesOnRequest() {
    CertifiedKey expired = CertificateBuilder.forHosts("localhost")
        .withValidity(Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)))
        .selfSigned();

    assertThatThrownBy(() -> expired.certificate().checkValidity()).isInstanceOf(CertificateExpiredException.class);
  }
}
