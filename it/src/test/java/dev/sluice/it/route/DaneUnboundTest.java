package dev.sluice.it.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.client.bulk.RetryPolicy;
import dev.sluice.route.MessageOutcome;
import dev.sluice.route.RecipientOutcome;
import dev.sluice.route.RouteReport;
import dev.sluice.route.Router;
import dev.sluice.route.RouterConfig;
import dev.sluice.route.dns.DnsConfig;
import dev.sluice.route.shaping.Shaping;
import dev.sluice.route.tls.TlsPolicy;
import dev.sluice.route.tls.TlsReports;
import dev.sluice.route.tls.TlsResultType;
import dev.sluice.route.tls.TlsVerdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DANE end to end: a zone signed by ldns-signzone served by Knot, unbound validating it, the router
 * asking unbound and delivering to sinks whose certificate comes from a CA the router does not trust.
 */
class DaneUnboundTest {

  private static final String MESSAGE = "Subject: dane\r\n\r\nhello\r\n";

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

  @BeforeEach
  void clear() {
    lab.clear();
  }

  static RouterConfig.Builder config(boolean dane) {
    return RouterConfig.builder().heloName("client.test").port(lab.smtpPort()).dane(dane)
        .dns(DnsConfig.DEFAULT.withNameservers(List.of(lab.unbound.address())).withQueryTimeout(Duration.ofSeconds(2)))
        .shaping(Shaping.DEFAULT.withAllowPrivateMx(true).withSuspension(Duration.ofMillis(100), Duration.ofMillis(200)))
        .timeouts(Timeouts.all(Duration.ofSeconds(3)))
        .trust(TrustConfig.system())
        .retry(new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100), 2));
  }

  private static RecipientOutcome sendOne(Router router, String to) throws Exception {
    MessageOutcome o = router.submit(Envelope.of("me@client.test", to), MessageContent.of(MESSAGE))
        .get(60, TimeUnit.SECONDS);
    return o.recipients().get(0);
  }

  @Test
  void theResolverSaysWhichAnswersWereValidated() throws Exception {
    try (Router router = Router.create(config(true).build())) {
      assertThat(router.dns().mxValidated("ee.sec.test").get(10, TimeUnit.SECONDS).secure()).isTrue();
      assertThat(router.dns().mxValidated("open.test").get(10, TimeUnit.SECONDS).secure()).isFalse();
      var tlsa = router.dns().tlsaValidated("_" + lab.smtpPort() + "._tcp.mx-ee.sec.test").get(10, TimeUnit.SECONDS);
      assertThat(tlsa.secure()).isTrue();
      assertThat(tlsa.value()).singleElement().satisfies(r -> assertThat(r.usage()).isEqualTo(3));
    }
    // Knot itself validates nothing: the same answer straight from the authority is not "secure".
    try (Router router = Router.create(config(true).dns(DnsConfig.DEFAULT.withNameservers(
        List.of(lab.knot.address()))).build())) {
      assertThat(router.dns().mxValidated("ee.sec.test").get(10, TimeUnit.SECONDS).secure()).isFalse();
    }
  }

  @Test
  void daneEeDeliversOverTlsWithACertificateNoCaVouchesFor() throws Exception {
    try (Router router = Router.create(config(true).build())) {
      RouteReport route = router.route("ee.sec.test").get(10, TimeUnit.SECONDS);
      assertThat(route.tls().level()).isEqualTo(TlsPolicy.Level.DANE);
      RecipientOutcome r = sendOne(router, "a@ee.sec.test");
      assertThat(r.status()).as(r.toString()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(r.tls()).isEqualTo(TlsVerdict.VERIFIED);
      assertThat(lab.tls.awaitMessages(1, Duration.ofSeconds(5))).hasSize(1);
      TlsReports.Summary s = router.tlsReports().summary("ee.sec.test");
      assertThat(s.type()).isEqualTo(TlsPolicy.Type.TLSA);
      assertThat(s.successful()).isEqualTo(1);
      assertThat(s.failed()).isZero();
    }
  }

  @Test
  void daneTaDeliversWhenTheChainLeadsToThePublishedAuthority() throws Exception {
    try (Router router = Router.create(config(true).build())) {
      RecipientOutcome r = sendOne(router, "a@ta.sec.test");
      assertThat(r.status()).as(r.toString()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(r.mxHost()).isEqualTo("mx-ta.sec.test");
      assertThat(r.tls()).isEqualTo(TlsVerdict.VERIFIED);
    }
  }

  @Test
  void aCertificateThatMatchesNoTlsaRecordIsRefusedAndNoOtherHostIsTried() throws Exception {
    try (Router router = Router.create(config(true).build())) {
      RouteReport route = router.route("bad.sec.test").get(10, TimeUnit.SECONDS);
      assertThat(route.route().hosts()).extracting(h -> h.name()).containsExactly("mx-bad.sec.test");
      RecipientOutcome r = sendOne(router, "a@bad.sec.test");
      assertThat(r.status()).as(r.toString()).isEqualTo(Outcome.Status.FAILED);
      assertThat(r.detail()).startsWith("transient").contains("DANE").contains("matches none of the TLSA records");
      assertThat(router.tlsReports().summary("bad.sec.test").failuresByType())
          .containsKey(TlsResultType.VALIDATION_FAILURE);
    }
    Thread.sleep(300);
    assertThat(lab.tls.messages()).isEmpty();
    assertThat(lab.plain.messages()).isEmpty();
    assertThat(lab.plain.counters().connections()).isZero();
  }

  @Test
  void aBogusTlsaSignatureIsATransientFailureNeverCleartext() throws Exception {
    try (Router router = Router.create(config(true).build())) {
      RecipientOutcome r = sendOne(router, "a@bogus.sec.test");
      assertThat(r.status()).as(r.toString()).isEqualTo(Outcome.Status.FAILED);
      assertThat(r.detail()).startsWith("transient").contains("SERVFAIL");
    }
    Thread.sleep(300);
    assertThat(lab.tls.messages()).isEmpty();
  }

  @Test
  void anUnsignedZoneGetsNoDaneEvenWithTlsaRecords() throws Exception {
    try (Router router = Router.create(config(true).build())) {
      RouteReport route = router.route("open.test").get(10, TimeUnit.SECONDS);
      assertThat(route.tls().level()).isEqualTo(TlsPolicy.Level.OPPORTUNISTIC);
      RecipientOutcome r = sendOne(router, "a@open.test");
      assertThat(r.status()).as(r.toString()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(r.tls()).isEqualTo(TlsVerdict.UNVERIFIED); // encrypted; the test CA is not trusted
      assertThat(router.tlsReports().summary("open.test").type()).isEqualTo(TlsPolicy.Type.NO_POLICY_FOUND);
    }
  }

  @Test
  void strippedStartTlsIsRefusedUnderDaneAndReportedWhenOpportunistic() throws Exception {
    try (Router router = Router.create(config(true).build())) {
      RecipientOutcome dane = sendOne(router, "a@strip.sec.test");
      assertThat(dane.status()).as(dane.toString()).isEqualTo(Outcome.Status.FAILED);
      assertThat(dane.detail()).contains("DANE").contains("STARTTLS");
      Thread.sleep(300);
      assertThat(lab.tls.messages()).isEmpty();

      RecipientOutcome open = sendOne(router, "b@strip.open.test");
      assertThat(open.status()).as(open.toString()).isEqualTo(Outcome.Status.DELIVERED);
      assertThat(open.tls()).isEqualTo(TlsVerdict.NONE);
      assertThat(lab.stripper.connections()).isGreaterThanOrEqualTo(2);
      assertThat(router.tlsReports().summary("strip.open.test").failuresByType())
          .containsEntry(TlsResultType.STARTTLS_NOT_SUPPORTED, 1L);
      assertThat(router.tlsReports().summary("strip.sec.test").failuresByType())
          .containsKey(TlsResultType.STARTTLS_NOT_SUPPORTED);
    }
  }
}
