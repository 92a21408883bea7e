package dev.sluice.route.shaping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.client.bulk.PoolConfig;
import dev.sluice.route.StaticRoute;
import dev.sluice.route.tls.TlsPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapingFileTest {

  private static final String FILE = """
      [defaults]
      max-connections = 6
      idle-timeout = "2s"
      tls = "opportunistic"

      [global]
      max-connections = 50
      suspension = "10s"
      max-suspension = "5m"
      allow-private-mx = true

      [domains."Bücher.example"]
      max-connections = 2
      tls = "require-verified"
      route = "[relay.example.net]:2525"

      [mx-suffixes."google.com"]
      max-connections = 10
      messages-per-second = 20.5
      shared-connections = 40

      [mx-suffixes.".l.google.com"]
      max-connections = 3
      """;

  @Test
  void readsDefaultsGlobalDomainsAndSuffixes() {
    Shaping s = ShapingFile.parse(FILE, "test.toml");

    assertThat(s.defaults().maxConnections()).isEqualTo(6);
    assertThat(s.defaults().maxMessagesPerConnection()).isEqualTo(100); // from the built-in defaults
    assertThat(s.maxConnections()).isEqualTo(50);
    assertThat(s.suspension()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.maxSuspension()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.allowPrivateMx()).isTrue();
    Shaping.DomainRule rule = s.domains().get("xn--bcher-kva.example");
    assertThat(rule.tls().level()).isEqualTo(TlsPolicy.Level.REQUIRE_VERIFIED);
    assertThat(rule.route()).isEqualTo(new StaticRoute("relay.example.net", 2525, false));
    assertThat(s.mxSuffixes()).extracting(Shaping.SuffixRule::suffix).containsExactly("l.google.com", "google.com");
  }

  @Test
  void theMostSpecificRuleWinsFieldByField() {
    Shaping s = ShapingFile.parse(FILE, "test.toml");

    PoolConfig gmail = s.limitsFor(List.of("gmail-smtp-in.l.google.com", "alt1.gmail-smtp-in.l.google.com"), null)
        .toPoolConfig();
    assertThat(gmail.maxConnections()).isEqualTo(3); // l.google.com beats google.com
    assertThat(gmail.idleTimeout()).isEqualTo(Duration.ofSeconds(2)); // from [defaults]

    PoolConfig workspace = s.limitsFor(List.of("aspmx.google.com"), null).toPoolConfig();
    assertThat(workspace.maxConnections()).isEqualTo(10);
    assertThat(workspace.messagesPerSecond()).isEqualTo(20.5);
    assertThat(s.suffixRuleFor(List.of("aspmx.google.com", "mx.other.net"))).isNull(); // all hosts must match

    PoolConfig books = s.limitsFor(List.of("aspmx.google.com"), "xn--bcher-kva.example").toPoolConfig();
    assertThat(books.maxConnections()).isEqualTo(2); // the domain's own rule beats the suffix
  }

  @Test
  void anUnknownKeyIsAnErrorNamingItAndTheFile() {
    assertThatThrownBy(() -> ShapingFile.parse("[defaults]\nmax-conections = 3\n", "shaping.toml"))
        .hasMessageContaining("shaping.toml [defaults]").hasMessageContaining("max-conections")
        .hasMessageContaining("max-connections");
  }

  @Test
  void badValuesAreErrorsThatSayWhatIsExpected() {
    assertThatThrownBy(() -> ShapingFile.parse("[defaults]\nidle-timeout = \"soon\"\n", "f"))
        .hasMessageContaining("idle-timeout must be a duration like 500ms, 30s");
    assertThatThrownBy(() -> ShapingFile.parse("[defaults]\nmax-connections = \"4\"\n", "f"))
        .hasMessageContaining("must be a whole number");
    assertThatThrownBy(() -> ShapingFile.parse("[defaults]\ntls = \"maybe\"\n", "f"))
        .hasMessageContaining("use opportunistic, require-verified or none");
    assertThatThrownBy(() -> ShapingFile.parse("[defaults\n", "f")).hasMessageContaining("not valid TOML");
  }
}
