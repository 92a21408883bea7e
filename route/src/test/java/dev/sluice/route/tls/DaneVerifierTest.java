package dev.sluice.route.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.route.dns.TlsaRecord;
import dev.sluice.sink.tls.CertificateBuilder;
import dev.sluice.sink.tls.CertifiedKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DaneVerifierTest {

  static final CertifiedKey CA = CertificateBuilder.authority("Test CA").selfSigned();
  static final CertifiedKey LEAF = CertificateBuilder.forHosts("mx.example.com").issuedBy(CA);

  private static TlsaRecord tlsa(int usage, int selector, int matching, java.security.cert.X509Certificate c) {
    return new TlsaRecord(usage, selector, matching, DaneVerifier.association(c, selector, matching));
  }

  @Test
  void daneEeMatchesTheLeafWithEverySelectorAndMatchingType() {
    for (int selector = 0; selector <= 1; selector++) {
      for (int matching = 0; matching <= 2; matching++) {
        var r = DaneVerifier.verify(List.of(tlsa(3, selector, matching, LEAF.certificate())), LEAF.chain(), "other.host");
        assertThat(r.matched()).as("3 %d %d", selector, matching).isTrue(); // no name check for DANE-EE
      }
    }
  }

  @Test
  void daneEeIgnoresExpiry() {
    CertifiedKey expired = CertificateBuilder.forHosts("mx.example.com")
        .withValidity(Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600)).selfSigned();
    assertThat(DaneVerifier.verify(List.of(tlsa(3, 1, 1, expired.certificate())), expired.chain(), "x").matched())
        .isTrue();
  }

  @Test
  void daneTaAnchorsTheChainAndChecksTheName() {
    List<TlsaRecord> ta = List.of(tlsa(2, 0, 1, CA.certificate()));
    assertThat(DaneVerifier.verify(ta, LEAF.chain(), "mx.example.com").matched()).isTrue();
    var wrongName = DaneVerifier.verify(ta, LEAF.chain(), "mx.example.org");
    assertThat(wrongName.matched()).isFalse();
    assertThat(wrongName.detail()).contains("does not name mx.example.org");
    CertifiedKey otherCa = CertificateBuilder.authority("Other CA").selfSigned();
    assertThat(DaneVerifier.verify(List.of(tlsa(2, 1, 1, otherCa.certificate())), LEAF.chain(), "mx.example.com")
        .matched()).isFalse();
    // A DANE-TA record must not be satisfied by the leaf itself.
    assertThat(DaneVerifier.verify(List.of(tlsa(2, 1, 1, LEAF.certificate())), LEAF.chain(), "mx.example.com")
        .matched()).isFalse();
  }

  @Test
  void pkixUsagesAndUnknownParametersAreUnusable() {
    assertThat(DaneVerifier.usable(tlsa(1, 1, 1, LEAF.certificate()))).isFalse();
    assertThat(DaneVerifier.usable(tlsa(0, 0, 1, CA.certificate()))).isFalse();
    assertThat(DaneVerifier.usable(new TlsaRecord(3, 2, 1, new byte[32]))).isFalse();
    assertThat(DaneVerifier.usable(new TlsaRecord(3, 1, 3, new byte[32]))).isFalse();
    assertThat(DaneVerifier.verify(List.of(tlsa(1, 1, 1, LEAF.certificate())), LEAF.chain(), "mx.example.com")
        .matched()).isFalse();
  }
}
