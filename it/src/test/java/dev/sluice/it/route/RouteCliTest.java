package dev.sluice.it.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.it.SluiceCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice send --mx} and {@code sluice route}, the real CLI jar, against Knot and the sinks. */
class RouteCliTest {

  @TempDir
  static Path dir;
  static RoutingLab lab;

  @BeforeAll
  static void startLab() throws Exception {
    lab = new RoutingLab().start(dir);
  }

  @AfterAll
  static void stopLab() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  @BeforeEach
  void clear() {
    lab.clear();
  }

  private record Run(int exit, String out, String err) {}

  private static Run sluice(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(SluiceCli.command(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("sluice did not finish: " + String.join(" ", args));
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  private static String[] mx(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--dns-server", lab.dns.server(), "--mx-port", String.valueOf(lab.smtpPort()),
        "--allow-private-mx"));
    return all.toArray(String[]::new);
  }

  @Test
  void sendMxDeliversToTwoDomainsOnTwoSinksInOneCommand() throws Exception {
    Run r = sluice(mx("send", "--mx", "--helo", "client.test", "--from", "me@client.test", "--to",
        "x@alpha.test,y@beta.test", "--subject", "hi", "--body", "routed"));

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("delivered x@alpha.test via mx1.alpha.test [127.0.0.2]")
        .contains("delivered y@beta.test via mx.beta.test [127.0.0.3] tls=unverified");
    assertThat(lab.a.awaitMessages(1, Duration.ofSeconds(5)).get(0).recipientAddresses()).containsExactly("x@alpha.test");
    assertThat(lab.b.awaitMessages(1, Duration.ofSeconds(5)).get(0).dataAsString()).contains("routed");
  }

  @Test
  void sendMxExitsOneWhenARecipientIsRefusedForGood() throws Exception {
    Run r = sluice(mx("send", "--mx", "--helo", "client.test", "--from", "me@client.test", "--to",
        "x@alpha.test,n@nullmx.test", "--body", "hello"));

    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("rejected n@nullmx.test: permanent").contains("null MX");
    assertThat(lab.a.awaitMessages(1, Duration.ofSeconds(5))).hasSize(1);
  }

  @Test
  void privateMxHostsAreRefusedWithoutTheFlag() throws Exception {
    long before = lab.a.counters().connections();
    Run r = sluice("send", "--mx", "--dns-server", lab.dns.server(), "--mx-port", String.valueOf(lab.smtpPort()),
        "--helo", "client.test", "--from", "me@client.test", "--to", "x@alpha.test", "--body", "hello");

    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("private").contains("--allow-private-mx");
    assertThat(lab.a.counters().connections()).isEqualTo(before);
  }

  @Test
  void routePrintsTheRoutingTable() throws Exception {
    Run r = sluice(mx("route", "alpha.test", "shared1.test", "nullmx.test"));

    assertThat(r.exit()).as(r.toString()).isEqualTo(1); // nullmx.test refuses mail
    assertThat(r.out()).contains("alpha.test  mx", "  10 mx1.alpha.test  127.0.0.2", "  20 mx2.alpha.test  127.0.0.3",
        "destination [10 mx1.alpha.test,20 mx2.alpha.test]:" + lab.smtpPort() + " tls=opportunistic",
        "nullmx.test  null-mx", "permanent: the domain nullmx.test accepts no mail");
  }

  @Test
  void routeJsonGroupsDomainsThatShareAnMxSet() throws Exception {
    Run r = sluice(mx("route", "--json", "shared1.test", "shared2.test", "bücher.test"));

    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode all = new ObjectMapper().readTree(r.out());
    assertThat(all).hasSize(3);
    assertThat(all.get(0).get("destination").asText()).isEqualTo(all.get(1).get("destination").asText());
    assertThat(all.get(2).get("domain").asText()).isEqualTo("xn--bcher-kva.test");
    assertThat(all.get(0).get("hosts").get(0).get("addresses").get(0).asText()).isEqualTo("127.0.0.2");
  }

  @Test
  void blastMxSpreadsTheRecipientsOverTheDomains() throws Exception {
    Run r = sluice(mx("blast", "--mx", "--domains", "3", "--helo", "client.test", "--messages", "300", "--warmup", "0",
        "--connections", "2", "--recipients", "2"));

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("delivered=300 rejected=0 failed=0 unknown=0").contains("domains=3");
    // d0 and d1 share mx.infra.test (sink A), d2 is mx.beta.test (sink B): 2 recipients a message, 600 in all
    long atA = lab.a.messages().stream().mapToLong(m -> m.recipientAddresses().size()).sum();
    long atB = lab.b.messages().stream().mapToLong(m -> m.recipientAddresses().size()).sum();
    assertThat(atA + atB).isEqualTo(600);
    assertThat(atB).isEqualTo(200);
    assertThat(lab.a.messages()).allSatisfy(m -> assertThat(m.recipientAddresses()).allMatch(a -> !a.contains("@d2.")));
  }
}
