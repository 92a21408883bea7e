package dev.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DomainNamesTest {

  @Test
  void convertsUnicodeDomainsToALabels() {
    assertThat(DomainNames.toAscii("Bücher.Example.")).isEqualTo("xn--bcher-kva.example");
    assertThat(DomainNames.toAscii("example.COM")).isEqualTo("example.com");
  }

  @Test
  void keepsSharpSAsIdna2008Does() {
    // IDNA 2003 (java.net.IDN) maps ß to "ss": another domain, another owner.
    assertThat(DomainNames.toAscii("faß.de")).isEqualTo("xn--fa-hia.de");
    assertThat(java.net.IDN.toASCII("faß.de")).isEqualTo("fass.de");
  }

  @Test
  void refusesNamesThatAreNotValidDomains() {
    assertThatThrownBy(() -> DomainNames.toAscii("a..b")).hasMessageContaining("a..b").hasMessageContaining("IDNA");
    assertThatThrownBy(() -> DomainNames.toAscii("exa mple.com")).hasMessageContaining("not a valid");
    assertThatThrownBy(() -> DomainNames.toAscii("")).hasMessageContaining("empty");
  }

  @Test
  void findsTheDomainAfterTheLastAt() {
    assertThat(DomainNames.domainOf("\"a@b\"@example.org")).isEqualTo("example.org");
    assertThat(DomainNames.isAddressLiteral("[192.0.2.1]")).isTrue();
  }

  @Test
  void plainAsciiNamesTakeTheShortPathWithTheSameRules() {
    assertThat(DomainNames.toAscii("Mail-1.Example.ORG")).isEqualTo("mail-1.example.org");
    assertThat(DomainNames.toAscii("XN--BCHER-KVA.example")).isEqualTo("xn--bcher-kva.example");
    assertThatThrownBy(() -> DomainNames.toAscii("-bad.example")).hasMessageContaining("not a valid");
    assertThatThrownBy(() -> DomainNames.toAscii("bad-.example")).hasMessageContaining("not a valid");
    assertThatThrownBy(() -> DomainNames.toAscii("a".repeat(64) + ".example")).hasMessageContaining("not a valid");
  }
}
