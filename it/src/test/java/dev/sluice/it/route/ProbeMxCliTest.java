package dev.sluice.it.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.it.SluiceCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice probe --mx}, the real CLI jar, against the DANE lab (Knot, unbound, sinks). */
class ProbeMxCliTest {

  @TempDir
  static Path dir;
  static DaneLab lab;

  @BeforeAll
  static void startLab() throws Exception {
    lab = new DaneLab().start(dir);
  }

  @AfterAll
  static void stopLab() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  private record Run(int exit, String out, String err) {}

  private static Run probe(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("probe", "--dns-server", lab.unbound.server(), "--mx-port",
        String.valueOf(lab.smtpPort()), "--allow-private-mx", "--timeout-s", "5", "--mta-sts-port", "1"));
    all.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(SluiceCli.command(all.toArray(new String[0]))).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("sluice probe did not finish");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void aDaneDomainIsAuthenticated() throws Exception {
    Run r = probe("--mx", "ee.sec.test");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("DNSSEC: validated").contains("MX 10 mx-ee.sec.test  127.0.1.2")
        .contains("TLSA       3 1 1 ").contains("(validated), certificate matches")
        .contains("STARTTLS   yes, TLSv1.")
        .contains("Verdict    authenticated (DANE)")
        .contains("Verdict  deliverable with authenticated TLS (DANE)");
  }

  @Test
  void aTlsaMismatchIsBrokenInJson() throws Exception {
    Run r = probe("--mx", "bad.sec.test", "--json");
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(3);
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("mxValidated").asBoolean()).isTrue();
    assertThat(j.get("policy").asText()).isEqualTo("dane");
    assertThat(j.get("deliverable").asBoolean()).isFalse();
    assertThat(j.get("mx")).hasSize(1); // mx-plain has no TLSA: not a fallback under DANE
    JsonNode mx = j.get("mx").get(0);
    assertThat(mx.get("host").asText()).isEqualTo("mx-bad.sec.test");
    assertThat(mx.get("tlsaMatches").asBoolean()).isFalse();
    assertThat(mx.get("starttls").asBoolean()).isTrue();
    assertThat(mx.get("verdict").asText()).contains("matches no TLSA record");
    assertThat(j.get("verdict").asText()).startsWith("broken");
  }

  @Test
  void anUnsignedDomainIsOpportunisticOnly() throws Exception {
    Run r = probe("--mx", "open.test");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("DNSSEC: not validated").contains("(not validated: ignored)")
        .contains("MTA-STS  no policy")
        .contains("opportunistic TLS, encrypted but not authenticated")
        .contains("Verdict  opportunistic TLS only");
  }
}
