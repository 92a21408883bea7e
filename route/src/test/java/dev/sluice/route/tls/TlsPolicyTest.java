package dev.sluice.route.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TlsPolicyTest {

  @Test
  void mxPatternsMatchExactNamesAndOneWildcardLabel() {
    TlsPolicy p = new TlsPolicy(TlsPolicy.Level.REQUIRE_VERIFIED, "mta-sts enforce",
        List.of("mail.example.com", "*.example.net"), TlsPolicy.Type.STS);
    assertThat(p.allows("mail.example.com")).isTrue();
    assertThat(p.allows("MAIL.example.com")).isTrue();
    assertThat(p.allows("mx1.example.net")).isTrue();
    assertThat(p.allows("example.net")).isFalse();
    assertThat(p.allows("a.b.example.net")).isFalse(); // RFC 8461 §4.1: one label only
    assertThat(p.allows("evil-example.com")).isFalse();
    assertThat(new TlsPolicy(TlsPolicy.Level.OPPORTUNISTIC, "default").allows("anything.example")).isTrue();
  }

  @Test
  void theReportTypeFollowsTheLevelUnlessGiven() {
    assertThat(new TlsPolicy(TlsPolicy.Level.DANE, "dane").type()).isEqualTo(TlsPolicy.Type.TLSA);
    assertThat(new TlsPolicy(TlsPolicy.Level.OPPORTUNISTIC, "default").type()).isEqualTo(TlsPolicy.Type.NO_POLICY_FOUND);
  }
}
