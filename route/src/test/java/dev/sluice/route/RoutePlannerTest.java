package dev.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.route.shaping.Limits;
import dev.sluice.route.shaping.Shaping;
import dev.sluice.route.tls.TlsPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The router's pure core: resolved domains to destinations. */
class RoutePlannerTest {

  private static DomainRoute route(String domain, String... hosts) {
    List<MxHost> list = new java.util.ArrayList<>();
    for (int i = 0; i < hosts.length; i++) {
      list.add(new MxHost(hosts[i], (i + 1) * 10, List.of()));
    }
    return new DomainRoute(domain, DomainRoute.Kind.MX, list, 25, false, null, List.of());
  }

  private static RoutePlanner.Resolved r(String domain, TlsPolicy tls, String... hosts) {
    return new RoutePlanner.Resolved(domain, route(domain, hosts), tls);
  }

  @Test
  void domainsWithTheSameHostSetShareADestination() {
    RoutePlanner p = new RoutePlanner(Shaping.DEFAULT);
    Map<DestinationKey, List<RoutePlanner.Resolved>> groups = p.group(List.of(
        r("gmail.com", TlsPolicy.OPPORTUNISTIC, "a.google.com", "b.google.com"),
        r("other.org", TlsPolicy.OPPORTUNISTIC, "mx.other.org"),
        r("googlemail.com", TlsPolicy.OPPORTUNISTIC, "a.google.com", "b.google.com")));

    assertThat(groups).hasSize(2);
    assertThat(groups.values().iterator().next()).extracting(RoutePlanner.Resolved::domain)
        .containsExactly("gmail.com", "googlemail.com");
  }

  @Test
  void aDifferentTlsPolicyOrPreferenceMakesAnotherDestination() {
    RoutePlanner p = new RoutePlanner(Shaping.DEFAULT);
    TlsPolicy strict = new TlsPolicy(TlsPolicy.Level.REQUIRE_VERIFIED, "domain b.org");
    DomainRoute swapped = new DomainRoute("c.org", DomainRoute.Kind.MX,
        List.of(new MxHost("mx2.x", 10, List.of()), new MxHost("mx1.x", 20, List.of())), 25, false, null, List.of());
    Map<DestinationKey, List<RoutePlanner.Resolved>> groups = p.group(List.of(
        r("a.org", TlsPolicy.OPPORTUNISTIC, "mx1.x", "mx2.x"),
        r("b.org", strict, "mx1.x", "mx2.x"),
        new RoutePlanner.Resolved("c.org", swapped, TlsPolicy.OPPORTUNISTIC)));

    assertThat(groups).hasSize(3);
  }

  @Test
  void aDomainWithItsOwnLimitsGetsItsOwnDestination() {
    Shaping shaping = Shaping.DEFAULT.withDomain("b.org",
        new Shaping.DomainRule(new Limits(1, null, null, null, null), null, null));
    RoutePlanner p = new RoutePlanner(shaping);
    Map<DestinationKey, List<RoutePlanner.Resolved>> groups = p.group(List.of(
        r("a.org", TlsPolicy.OPPORTUNISTIC, "mx.x"), r("b.org", TlsPolicy.OPPORTUNISTIC, "mx.x")));

    assertThat(groups).hasSize(2);
    DestinationKey b = p.destinationOf(r("b.org", TlsPolicy.OPPORTUNISTIC, "mx.x"));
    assertThat(b.ruleDomain()).isEqualTo("b.org");
    assertThat(p.limitsOf(b, route("b.org", "mx.x").hosts()).toPoolConfig().maxConnections()).isEqualTo(1);
  }

  @Test
  void undeliverableDomainsAreLeftToTheCaller() {
    RoutePlanner p = new RoutePlanner(Shaping.DEFAULT);
    DomainRoute none = DomainRoute.failed("n.org", DomainRoute.Kind.NULL_MX, 25, false, "null MX", List.of());
    assertThat(p.group(List.of(new RoutePlanner.Resolved("n.org", none, TlsPolicy.OPPORTUNISTIC)))).isEmpty();
  }
}
