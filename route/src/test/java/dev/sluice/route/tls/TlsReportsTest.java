package dev.sluice.route.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsReportsTest {

  @Test
  void exportsTheRfc8460Shape() throws Exception {
    TlsReports reports = new TlsReports();
    TlsPolicy sts = new TlsPolicy(TlsPolicy.Level.REQUIRE_VERIFIED, "mta-sts enforce", List.of("*.example.com"),
        TlsPolicy.Type.STS);
    reports.describe("example.com", sts, List.of("version: STSv1", "mode: enforce", "mx: *.example.com",
        "max_age: 86400"));
    reports.success("example.com", sts);
    reports.success("example.com", sts);
    InetAddress ip = InetAddress.getByName("192.0.2.10");
    reports.failure("example.com", sts, TlsResultType.CERTIFICATE_EXPIRED, "mx1.example.com", ip, "expired");
    reports.failure("example.com", sts, TlsResultType.CERTIFICATE_EXPIRED, "mx1.example.com", ip, "expired");
    reports.failure("other.example", new TlsPolicy(TlsPolicy.Level.OPPORTUNISTIC, "default"),
        TlsResultType.STARTTLS_NOT_SUPPORTED, "mx.other.example", null, null);

    JsonNode r = new ObjectMapper().readTree(reports.toJson("example.com", "Sluice Test", "mailto:tls@example.org"));
    assertThat(r.get("organization-name").asText()).isEqualTo("Sluice Test");
    assertThat(r.get("contact-info").asText()).isEqualTo("mailto:tls@example.org");
    assertThat(r.get("report-id").asText()).isNotBlank();
    assertThat(r.get("date-range").get("start-datetime").asText()).endsWith("Z");
    assertThat(r.get("date-range").get("end-datetime").asText()).endsWith("Z");
    assertThat(r.get("policies")).hasSize(1);
    JsonNode p = r.get("policies").get(0);
    assertThat(p.get("policy").get("policy-type").asText()).isEqualTo("sts");
    assertThat(p.get("policy").get("policy-domain").asText()).isEqualTo("example.com");
    assertThat(p.get("policy").get("policy-string")).hasSize(4);
    assertThat(p.get("policy").get("mx-host").get(0).asText()).isEqualTo("*.example.com");
    assertThat(p.get("summary").get("total-successful-session-count").asLong()).isEqualTo(2);
    assertThat(p.get("summary").get("total-failure-session-count").asLong()).isEqualTo(2);
    JsonNode f = p.get("failure-details").get(0);
    assertThat(f.get("result-type").asText()).isEqualTo("certificate-expired");
    assertThat(f.get("receiving-mx-hostname").asText()).isEqualTo("mx1.example.com");
    assertThat(f.get("receiving-ip").asText()).isEqualTo("192.0.2.10");
    assertThat(f.get("failed-session-count").asLong()).isEqualTo(2);

    JsonNode all = new ObjectMapper().readTree(reports.toJson(null, "Sluice Test", "mailto:tls@example.org"));
    assertThat(all.get("policies")).hasSize(2);
    assertThat(reports.summary("other.example").type()).isEqualTo(TlsPolicy.Type.NO_POLICY_FOUND);
    assertThat(reports.summary("other.example").failuresByType()).containsEntry(TlsResultType.STARTTLS_NOT_SUPPORTED, 1L);
  }
}
