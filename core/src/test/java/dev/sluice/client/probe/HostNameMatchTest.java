package dev.sluice.client.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sink.tls.CertificateBuilder;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** Which certificate name covers a host: the rules of the client's own (HTTPS-style) check. */
class HostNameMatchTest {

  private static X509Certificate cert(String... hosts) {
    return CertificateBuilder.forHosts(hosts).selfSigned().certificate();
  }

  @Test
  void matchesADnsNameWhateverItsCaseOrTrailingDot() {
    assertThat(HostNameMatch.find("SMTP.Example.TEST.", cert("smtp.example.test"))).contains("DNS:smtp.example.test");
  }

  @Test
  void aWildcardStandsForExactlyOneLeftmostLabel() {
    X509Certificate wildcard = cert("*.office365.test");
    assertThat(HostNameMatch.find("smtp.office365.test", wildcard)).contains("DNS:*.office365.test");
    assertThat(HostNameMatch.find("office365.test", wildcard)).isEmpty();
    assertThat(HostNameMatch.find("a.smtp.office365.test", wildcard)).isEmpty();
  }

  @Test
  void anIpAddressMatchesOnlyAnIpEntry() {
    X509Certificate c = cert("localhost", "127.0.0.1");
    assertThat(HostNameMatch.find("127.0.0.1", c)).contains("IP:127.0.0.1");
    assertThat(HostNameMatch.find("127.0.0.2", c)).isEmpty();
  }

  @Test
  void namesEveryEntryForMessages() {
    assertThat(HostNameMatch.names(cert("mx.example.test", "192.0.2.7"))).isEqualTo("DNS:mx.example.test, IP:192.0.2.7");
  }
}
