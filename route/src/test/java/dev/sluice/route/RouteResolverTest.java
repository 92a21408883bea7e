package dev.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.route.dns.DnsLookupException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 5321 §5.1 and RFC 7505 as the resolver applies them, from canned DNS answers. */
class RouteResolverTest {

  private final FakeResolver dns = new FakeResolver()
      .mx("a.test", 20, "mx2.a.test", 10, "mx1.a.test").host("mx1.a.test", "192.0.2.10").host("mx2.a.test", "8.8.4.4")
      .host("plain.test", "9.9.9.9")
      .mx("null.test", 0, "")
      .mx("literal.test", 10, "9.9.9.9", 20, "mx1.b.test").host("mx1.b.test", "1.1.1.1")
      .mx("private.test", 10, "mx.private.test").host("mx.private.test", "10.0.0.5", "127.0.0.2")
      .mx("broken.test", 10, "mx.broken.test").fail("mx.broken.test", DnsLookupException.Kind.SERVFAIL)
      .fail("servfail.test", DnsLookupException.Kind.SERVFAIL)
      .mx("target.test", 10, "mx1.b.test").alias("alias.test", "target.test");

  private DomainRoute resolve(RoutingRules rules, String domain) {
    return new RouteResolver(dns, rules).resolve(domain).join();
  }

  private DomainRoute resolve(String domain) {
    return resolve(RoutingRules.DEFAULT, domain);
  }

  @Test
  void listsMxHostsByPreferenceWithPublicAddressesOnly() {
    DomainRoute r = resolve("a.test");
    assertThat(r.kind()).isEqualTo(DomainRoute.Kind.MX);
    // 192.0.2.10 is documentation space: mx1 is dropped, mx2 stays
    assertThat(r.hosts()).extracting(MxHost::name).containsExactly("mx2.a.test");
    assertThat(r.notes()).anyMatch(n -> n.contains("mx1.a.test") && n.contains("192.0.2.10"));
    assertThat(r.port()).isEqualTo(25);
  }

  @Test
  void usesTheDomainsOwnAddressWhenItHasNoMx() {
    DomainRoute r = resolve("plain.test");
    assertThat(r.kind()).isEqualTo(DomainRoute.Kind.IMPLICIT_MX);
    assertThat(r.hosts()).singleElement().satisfies(h -> {
      assertThat(h.name()).isEqualTo("plain.test");
      assertThat(h.preference()).isZero();
    });
  }

  @Test
  void nullMxIsAPermanentRefusalWithoutHosts() {
    DomainRoute r = resolve("null.test");
    assertThat(r.kind()).isEqualTo(DomainRoute.Kind.NULL_MX);
    assertThat(r.deliverable()).isFalse();
    assertThat(r.transientFailure()).isFalse();
    assertThat(r.problem()).contains("RFC 7505");
  }

  @Test
  void nxdomainIsPermanentAndServfailTransient() {
    DomainRoute gone = resolve("nowhere.test");
    assertThat(gone.transientFailure()).isFalse();
    assertThat(gone.problem()).contains("does not exist");
    DomainRoute later = resolve("servfail.test");
    assertThat(later.transientFailure()).isTrue();
    assertThat(later.problem()).contains("SERVFAIL");
  }

  @Test
  void anMxHostThatCannotBeResolvedNowMakesTheFailureTransient() {
    DomainRoute r = resolve("broken.test");
    assertThat(r.deliverable()).isFalse();
    assertThat(r.transientFailure()).isTrue();
  }

  @Test
  void skipsAnMxThatIsAnIpLiteral() {
    DomainRoute r = resolve("literal.test");
    assertThat(r.hosts()).extracting(MxHost::name).containsExactly("mx1.b.test");
    assertThat(r.notes()).anyMatch(n -> n.contains("9.9.9.9") && n.contains("not an IP address"));
  }

  @Test
  void refusesPrivateAddressesUnlessAllowed() {
    DomainRoute refused = resolve("private.test");
    assertThat(refused.deliverable()).isFalse();
    assertThat(refused.transientFailure()).isFalse();
    assertThat(refused.problem()).contains("127.0.0.2").contains("private");

    DomainRoute allowed = resolve(new RoutingRules(2525, true, null, Map.of()), "private.test");
    assertThat(allowed.hosts()).singleElement().satisfies(h -> assertThat(h.addresses()).hasSize(2));
    assertThat(allowed.port()).isEqualTo(2525);
  }

  @Test
  void followsADomainAliasAndSaysSo() {
    DomainRoute r = resolve("alias.test");
    assertThat(r.hosts()).extracting(MxHost::name).containsExactly("mx1.b.test");
    assertThat(r.notes()).anyMatch(n -> n.contains("alias of target.test"));
  }

  @Test
  void aStaticRouteOverridesMx() {
    RoutingRules rules = new RoutingRules(25, false, null, Map.of("a.test", StaticRoute.parse("[mx1.b.test]:2526")));
    DomainRoute r = resolve(rules, "a.test");
    assertThat(r.kind()).isEqualTo(DomainRoute.Kind.STATIC);
    assertThat(r.hosts()).extracting(MxHost::name).containsExactly("mx1.b.test");
    assertThat(r.port()).isEqualTo(2526);
  }

  @Test
  void aSmarthostTakesEveryDomain() {
    RoutingRules rules = new RoutingRules(25, false, StaticRoute.parse("[1.1.1.1]:587"), Map.of());
    assertThat(resolve(rules, "null.test").hosts()).extracting(MxHost::name).containsExactly("1.1.1.1");
  }

  @Test
  void anAddressLiteralGoesStraightToThatAddressIfPublic() {
    assertThat(resolve("[8.8.8.8]").hosts()).extracting(MxHost::name).containsExactly("8.8.8.8");
    DomainRoute loopback = resolve("[127.0.0.1]");
    assertThat(loopback.deliverable()).isFalse();
    assertThat(loopback.problem()).contains("private");
  }
}
