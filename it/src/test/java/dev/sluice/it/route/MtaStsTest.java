package dev.sluice.it.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.client.bulk.RetryPolicy;
import dev.sluice.route.RecipientOutcome;
import dev.sluice.route.RouteReport;
import dev.sluice.route.Router;
import dev.sluice.route.RouterConfig;
import dev.sluice.route.dns.DnsConfig;
import dev.sluice.route.shaping.Shaping;
import dev.sluice.route.sts.StsConfig;
import dev.sluice.route.tls.TlsPolicy;
import dev.sluice.route.tls.TlsResultType;
import dev.sluice.route.tls.TlsVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MTA-STS end to end: policies over HTTPS from a local server, MX hosts on loopback sinks, Knot for DNS. */
class MtaStsTest {

  @TempDir
  static Path dir;
  static MtaStsLab lab;

  @TempDir
  Path caches;

  @BeforeAll
  static void startLab() throws Exception {
    lab = new MtaStsLab().start(dir);
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

  private RouterConfig config(Path cacheFile) {
    return config(cacheFile, StsConfig.DEFAULT.refreshBefore());
  }

  private RouterConfig config(Path cacheFile, Duration refreshBefore) {
    return RouterConfig.builder().heloName("client.test").port(lab.good.port())
        .dns(DnsConfig.DEFAULT.withNameservers(List.of(lab.knot.address())).withQueryTimeout(Duration.ofSeconds(1)))
        .shaping(Shaping.DEFAULT.withAllowPrivateMx(true).withSuspension(Duration.ofMillis(100), Duration.ofMillis(200)))
        .timeouts(Timeouts.all(Duration.ofSeconds(3)))
        .trust(TrustConfig.certificates(List.of(lab.ca.certificate())))
        .retry(new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100), 2))
        .mtaSts(StsConfig.DEFAULT.withHttpsPort(lab.policies.port()).withCacheFile(cacheFile)
            .withFetchTimeout(Duration.ofSeconds(5)).withRefreshBefore(refreshBefore))
        .build();
  }

  private static RecipientOutcome send(Router router, String to) throws Exception {
    return router.submit(Envelope.of("me@client.test", to), MessageContent.of("Subject: sts\r\n\r\nhi\r\n"))
        .get(60, TimeUnit.SECONDS).recipients().get(0);
  }

  @Test
  void enforceDeliversToAMatchingMxOverVerifiedTls() throws Exception {
    try (Router router = Router.create(config(caches.resolve("c.json")))) {
      RouteReport route = router.route("enf.sts.test").get(10, TimeUnit.SECONDS);
      assertThat(route.tls().level()).isEqualTo(TlsPolicy.Level.REQUIRE_VERIFIED);
      assertThat(route.tls().source()).isEqualTo("mta-sts enforce");
      RecipientOutcome r = send(router, "a@enf.sts.test");
      assertThat(r.status()).as(r.toString()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(r.tls()).isEqualTo(TlsVerdict.VERIFIED);
      var s = router.tlsReports().summary("enf.sts.test");
      assertThat(s.type()).isEqualTo(TlsPolicy.Type.STS);
      assertThat(s.successful()).isEqualTo(1);
      assertThat(router.tlsReports().toJson("enf.sts.test", "test", "mailto:t@client.test"))
          .contains("\"policy-type\" : \"sts\"").contains("mode: enforce");
    }
  }

  @Test
  void enforceSkipsMxHostsThePolicyDoesNotList() throws Exception {
    try (Router router = Router.create(config(caches.resolve("c.json")))) {
      RecipientOutcome r = send(router, "a@two.sts.test");
      assertThat(r.status()).as(r.toString()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(r.mxHost()).isEqualTo("mx1.sts.test");
      RecipientOutcome none = send(router, "b@nomatch.sts.test");
      assertThat(none.status()).as(none.toString()).isEqualTo(Outcome.Status.FAILED);
      assertThat(none.detail()).startsWith("transient").contains("allows none of the MX hosts");
    }
    assertThat(lab.rogue.counters().messages()).isZero();
  }

  @Test
  void testingModeDeliversAndReportsTheCertificateProblem() throws Exception {
    try (Router router = Router.create(config(caches.resolve("c.json")))) {
      RecipientOutcome r = send(router, "a@testing.sts.test");
      assertThat(r.status()).as(r.toString()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(r.tls()).isEqualTo(TlsVerdict.UNVERIFIED);
      var s = router.tlsReports().summary("testing.sts.test");
      assertThat(s.type()).isEqualTo(TlsPolicy.Type.STS);
      assertThat(s.failuresByType()).containsKey(TlsResultType.CERTIFICATE_NOT_TRUSTED);
    }
  }

  @Test
  void aFailedFetchMeansNoPolicyAndIsReported() throws Exception {
    try (Router router = Router.create(config(caches.resolve("c.json")))) {
      assertThat(router.route("fail.sts.test").get(10, TimeUnit.SECONDS).tls().level())
          .isEqualTo(TlsPolicy.Level.OPPORTUNISTIC);
      RecipientOutcome r = send(router, "a@fail.sts.test");
      assertThat(r.status()).as(r.toString()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(router.tlsReports().summaries()).anySatisfy(s -> {
        assertThat(s.domain()).isEqualTo("fail.sts.test");
        assertThat(s.type()).isEqualTo(TlsPolicy.Type.STS);
        assertThat(s.failuresByType()).containsKey(TlsResultType.STS_POLICY_FETCH_ERROR);
      });
      router.route("redirect.sts.test").get(10, TimeUnit.SECONDS);
      assertThat(router.tlsReports().toJson("redirect.sts.test", "t", "mailto:t@t"))
          .contains("sts-policy-fetch-error").contains("HTTP 301").contains("not followed");
      assertThat(lab.policies.hits("mta-sts.enf.sts.test")).as("the redirect was not followed").isZero();
    }
  }

  @Test
  void aNewIdInDnsReplacesTheCachedPolicy() throws Exception {
    Path cache = caches.resolve("c.json");
    long now = Instant.now().getEpochSecond();
    Files.writeString(cache, "[{\"domain\":\"idchg.sts.test\",\"id\":\"1\",\"policy\":\""
        + MtaStsLab.enforce("rogue.sts.test").replace("\r\n", "\\r\\n") + "\",\"fetchedAt\":" + now
        + ",\"expiresAt\":" + (now + 86400) + "}]");
    try (Router router = Router.create(config(cache))) {
      RecipientOutcome r = send(router, "a@idchg.sts.test");
      assertThat(r.status()).as(r.toString()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(r.mxHost()).isEqualTo("mx1.sts.test"); // the old policy allowed only rogue
    }
    assertThat(lab.policies.hits("mta-sts.idchg.sts.test")).isGreaterThanOrEqualTo(1);
    assertThat(Files.readString(cache)).contains("\"id\":\"2\"").contains("mx: mx1.sts.test");
    assertThat(lab.rogue.counters().messages()).isZero();
  }

  @Test
  void aCachedPolicySurvivesARestartWhileThePolicyServerIsDown() throws Exception {
    Path cache = caches.resolve("keep.json");
    try (Router router = Router.create(config(cache))) {
      RecipientOutcome r = send(router, "a@keep.sts.test");
      assertThat(r.mxHost()).isEqualTo("mx1.sts.test");
    }
    int fetches = lab.keepServer.hits("mta-sts.keep.sts.test");
    assertThat(fetches).isEqualTo(1);
    lab.keepServer.close();
    lab.keepServer = null;
    // Without the cached policy, the restarted router would find no policy and deliver to rogue (MX 10).
    try (Router router = Router.create(config(cache))) {
      RouteReport route = router.route("keep.sts.test").get(10, TimeUnit.SECONDS);
      assertThat(route.tls().source()).isEqualTo("mta-sts enforce");
      RecipientOutcome r = send(router, "b@keep.sts.test");
      assertThat(r.status()).as(r.toString()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(r.mxHost()).isEqualTo("mx1.sts.test");
    }
    assertThat(lab.rogue.counters().messages()).isZero();
  }

  @Test
  void aPolicyCloseToExpiryIsFetchedAgainInTheBackground() throws Exception {
    // max_age is a day; "refresh when it expires within two days" makes it due at once.
    try (Router router = Router.create(config(caches.resolve("r.json"), Duration.ofDays(2)))) {
      router.route("two.sts.test").get(10, TimeUnit.SECONDS);
      int before = lab.policies.hits("mta-sts.two.sts.test");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (lab.policies.hits("mta-sts.two.sts.test") == before && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(lab.policies.hits("mta-sts.two.sts.test")).isGreaterThan(before);
    }
  }

  @Test
  void enforceRefusesAStrippedStartTls() throws Exception {
    try (Router router = Router.create(config(caches.resolve("c.json")))) {
      RecipientOutcome r = send(router, "a@strip.sts.test");
      assertThat(r.status()).as(r.toString()).isEqualTo(Outcome.Status.FAILED);
      assertThat(r.detail()).containsIgnoringCase("STARTTLS");
      assertThat(router.tlsReports().summary("strip.sts.test").failuresByType())
          .containsKey(TlsResultType.STARTTLS_NOT_SUPPORTED);
    }
    assertThat(lab.stripper.connections()).isGreaterThanOrEqualTo(1);
    assertThat(lab.good.messages()).isEmpty();
  }
}
