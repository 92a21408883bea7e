package dev.sluice.client.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Credentials;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TokenSource;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.probe.ProbeStep.Check;
import dev.sluice.client.probe.ProbeStep.Status;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.SmtpSinkBuilder;
import dev.sluice.sink.tls.CertificateBuilder;
import dev.sluice.sink.tls.CertifiedKey;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The probe against sinks that work, and against each of the usual ways a server is broken. */
class ProbeTest {

  static final CertifiedKey CA = CertificateBuilder.authority("Sluice Probe Test CA").selfSigned();
  private static final String USER = "user@example.test";
  private static final Duration STEP = Duration.ofSeconds(2);

  static SmtpClientConfig.Builder client(SmtpSink sink) {
    return SmtpClientConfig.builder("localhost").port(sink.port()).heloName("probe.test")
        .trust(TrustConfig.certificates(List.of(CA.certificate())));
  }

  static CertifiedKey issuedFor(String... hosts) {
    return CertificateBuilder.forHosts(hosts).issuedBy(CA);
  }

  static ProbeReport probe(UnaryOperator<SmtpSinkBuilder> sink, UnaryOperator<SmtpClientConfig.Builder> client) {
    try (SmtpSink s = sink.apply(SmtpSink.builder().inMemory().certificate(issuedFor("localhost", "127.0.0.1")))
        .start()) {
      ProbeReport report = Probe.of(client.apply(client(s)).build()).withStepTimeout(STEP).run();
      assertThat(s.counters().messages()).as("a probe never sends a message").isZero();
      return report;
    }
  }

  static ProbeStep step(ProbeReport report, Check check) {
    return report.step(check).orElseThrow(() -> new AssertionError("no " + check + " in " + report));
  }

  static List<Status> statuses(ProbeReport report) {
    return report.steps().stream().map(ProbeStep::status).toList();
  }

  @Test
  void passesEveryCheckOfAStartTlsServerAndLogsIn() {
    ProbeReport r = probe(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS).user(USER, "pw"),
        c -> c.credentials(Credentials.password(USER, "pw")));

    assertThat(r.passed()).as(TextReport.render(r)).isTrue();
    assertThat(r.steps()).extracting(ProbeStep::check).containsExactly(Check.DNS, Check.CONNECT, Check.BANNER,
        Check.EHLO, Check.STARTTLS, Check.TLS, Check.CERTIFICATE_CHAIN, Check.HOST_NAME, Check.VALIDITY,
        Check.AUTH_MECHANISMS, Check.LOGIN);
    assertThat(step(r, Check.EHLO).summary()).contains("STARTTLS");
    assertThat(step(r, Check.TLS).summary()).startsWith("TLSv1.");
    assertThat(step(r, Check.CERTIFICATE_CHAIN).details()).anySatisfy(d -> assertThat(d).contains("CN=localhost"));
    assertThat(step(r, Check.HOST_NAME).summary()).contains("DNS:localhost");
    assertThat(step(r, Check.AUTH_MECHANISMS).summary()).isEqualTo("PLAIN LOGIN after TLS");
    assertThat(step(r, Check.LOGIN).summary()).contains("authenticated as " + USER + " with PLAIN");
    assertThat(r.steps()).filteredOn(s -> s.check() != Check.HOST_NAME && s.check() != Check.VALIDITY
        && s.check() != Check.CERTIFICATE_CHAIN).allSatisfy(s -> assertThat(s.elapsed()).isNotNull());
  }

  @Test
  void passesEveryCheckOfAnImplicitTlsServerInTheOrderItMeetsThem() {
    ProbeReport r = probe(s -> s.tls(dev.sluice.sink.TlsMode.IMPLICIT).user(USER, "pw"), c -> c.tlsMode(TlsMode.IMPLICIT));

    assertThat(r.passed()).as(TextReport.render(r)).isTrue();
    assertThat(r.steps()).extracting(ProbeStep::check).containsExactly(Check.DNS, Check.CONNECT, Check.TLS,
        Check.CERTIFICATE_CHAIN, Check.HOST_NAME, Check.VALIDITY, Check.BANNER, Check.EHLO, Check.AUTH_MECHANISMS);
  }

  @Test
  void namesAClosedPortAndSuggestsThePortOrAFirewall() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    ProbeReport r = Probe.of(SmtpClientConfig.builder("127.0.0.1").port(closed).build()).withStepTimeout(STEP).run();

    assertThat(statuses(r)).startsWith(Status.PASS, Status.FAIL).containsOnlyOnce(Status.FAIL);
    ProbeStep connect = step(r, Check.CONNECT);
    assertThat(connect.summary()).contains("refused");
    assertThat(connect.hint()).contains("check the port").contains("firewall");
    assertThat(step(r, Check.BANNER).summary()).isEqualTo("not run: the connect check failed");
    assertThat(step(r, Check.DNS).summary()).contains("an IP address");
  }

  @Test
  void namesAnExpiredCertificateShowsTheChainAndPointsAtTheClock() {
    CertifiedKey expired = CertificateBuilder.forHosts("localhost")
        .withValidity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1))).issuedBy(CA);
    ProbeReport r = probe(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS).certificate(expired), c -> c);

    assertThat(r.passed()).isFalse();
    ProbeStep validity = step(r, Check.VALIDITY);
    assertThat(validity.status()).isEqualTo(Status.FAIL);
    assertThat(validity.summary()).contains("expired").contains("local clock");
    assertThat(validity.hint()).contains("check your system clock").contains("certificate");
    assertThat(r.firstProblem()).contains(validity);
    ProbeStep chain = step(r, Check.CERTIFICATE_CHAIN);
    assertThat(chain.status()).isEqualTo(Status.SKIP);
    assertThat(chain.details()).anySatisfy(d -> assertThat(d).contains("CN=localhost"))
        .anySatisfy(d -> assertThat(d).contains("EXPIRED"));
    assertThat(step(r, Check.TLS).status()).isEqualTo(Status.PASS);
    assertThat(step(r, Check.HOST_NAME).status()).isEqualTo(Status.PASS);
    assertThat(step(r, Check.AUTH_MECHANISMS).status()).isEqualTo(Status.SKIP);
  }

  @Test
  void namesACertificateNotValidYetAndPointsAtTheClock() {
    CertifiedKey future = CertificateBuilder.forHosts("localhost")
        .withValidity(Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30))).issuedBy(CA);
    ProbeReport r = probe(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS).certificate(future), c -> c);

    ProbeStep validity = step(r, Check.VALIDITY);
    assertThat(validity.status()).isEqualTo(Status.FAIL);
    assertThat(validity.summary()).contains("not valid yet");
    assertThat(validity.hint()).contains("check your system clock");
  }

  @Test
  void namesACertificateForAnotherHostAndShowsItsNames() {
    ProbeReport r = probe(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS).certificate(issuedFor("mail.other.test")), c -> c);

    ProbeStep host = step(r, Check.HOST_NAME);
    assertThat(host.status()).isEqualTo(Status.FAIL);
    assertThat(host.summary()).contains("mail.other.test");
    assertThat(host.hint()).contains("host name the certificate was issued for");
    assertThat(step(r, Check.CERTIFICATE_CHAIN).status()).isEqualTo(Status.PASS);
    assertThat(step(r, Check.CERTIFICATE_CHAIN).details()).anySatisfy(d -> assertThat(d).contains("DNS:mail.other.test"));
    assertThat(step(r, Check.VALIDITY).status()).isEqualTo(Status.PASS);
  }

  @Test
  void namesASelfSignedCertificateAndSuggestsCaFile() {
    ProbeReport r = probe(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS)
        .certificate(CertificateBuilder.forHosts("localhost").selfSigned()), c -> c);

    ProbeStep chain = step(r, Check.CERTIFICATE_CHAIN);
    assertThat(chain.status()).isEqualTo(Status.FAIL);
    assertThat(chain.summary()).contains("self-signed");
    assertThat(chain.hint()).contains("--ca-file");
    assertThat(chain.details()).anySatisfy(d -> assertThat(d).startsWith("#0 subject").contains("CN=localhost"));
    assertThat(step(r, Check.HOST_NAME).status()).isEqualTo(Status.PASS);
    assertThat(step(r, Check.VALIDITY).status()).isEqualTo(Status.PASS);
    assertThat(r.firstProblem().orElseThrow().check()).isEqualTo(Check.CERTIFICATE_CHAIN);
  }

  @Test
  void checksWhatItCanButDoesNotPassWithInsecureTrust() {
    ProbeReport r = probe(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS)
        .certificate(CertificateBuilder.forHosts("localhost").selfSigned()), c -> c.trust(TrustConfig.insecure()));

    assertThat(step(r, Check.CERTIFICATE_CHAIN).status()).isEqualTo(Status.SKIP);
    assertThat(step(r, Check.CERTIFICATE_CHAIN).hint()).contains("--ca-file");
    assertThat(step(r, Check.HOST_NAME).status()).isEqualTo(Status.PASS);
    assertThat(step(r, Check.VALIDITY).status()).isEqualTo(Status.PASS);
    assertThat(step(r, Check.AUTH_MECHANISMS).status()).as("the session went on").isNotEqualTo(Status.SKIP);
    assertThat(r.passed()).isFalse();
  }

  @Test
  void recognisesAnImplicitTlsPortProbedWithStartTlsInsteadOfHanging() {
    long t0 = System.nanoTime();
    ProbeReport r = probe(s -> s.tls(dev.sluice.sink.TlsMode.IMPLICIT), c -> c.tlsMode(TlsMode.STARTTLS_REQUIRED));

    ProbeStep banner = step(r, Check.BANNER);
    assertThat(banner.status()).isEqualTo(Status.FAIL);
    assertThat(banner.summary()).contains("implicit TLS");
    assertThat(banner.hint()).contains("--tls implicit");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(STEP.multipliedBy(4));
  }

  @Test
  void recognisesAStartTlsPortProbedWithImplicitTls() {
    ProbeReport r = probe(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS), c -> c.tlsMode(TlsMode.IMPLICIT));

    ProbeStep tls = step(r, Check.TLS);
    assertThat(tls.status()).isEqualTo(Status.FAIL);
    assertThat(tls.summary()).contains("cleartext").contains("220 ");
    assertThat(tls.hint()).contains("--tls starttls");
  }

  @Test
  void failsStartTlsWhenTheServerDoesNotOfferIt() {
    ProbeReport r = probe(s -> s, c -> c);

    ProbeStep startTls = step(r, Check.STARTTLS);
    assertThat(startTls.status()).isEqualTo(Status.FAIL);
    assertThat(startTls.summary()).contains("does not offer STARTTLS");
    assertThat(step(r, Check.EHLO).status()).isEqualTo(Status.PASS);
  }

  @Test
  void failsStartTlsButGoesOnInCleartextWhenOpportunistic() {
    ProbeReport r = probe(s -> s.user(USER, "pw"), c -> c.tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC));

    assertThat(step(r, Check.STARTTLS).status()).isEqualTo(Status.FAIL);
    assertThat(step(r, Check.STARTTLS).summary()).contains("cleartext");
    assertThat(step(r, Check.TLS).summary()).isEqualTo("no TLS: STARTTLS was not used");
    assertThat(step(r, Check.AUTH_MECHANISMS).summary()).isEqualTo("PLAIN LOGIN (in cleartext)");
    assertThat(r.firstProblem().orElseThrow().check()).isEqualTo(Check.STARTTLS);
  }

  @Test
  void checksOnlyWhatACleartextSessionHasWithoutTls() {
    ProbeReport r = probe(s -> s.user(USER, "pw"), c -> c.tlsMode(TlsMode.NONE).allowCleartextAuth(true)
        .credentials(Credentials.password(USER, "pw")));

    assertThat(r.passed()).as(TextReport.render(r)).isTrue();
    assertThat(r.steps()).extracting(ProbeStep::check).containsExactly(Check.DNS, Check.CONNECT, Check.BANNER,
        Check.EHLO, Check.AUTH_MECHANISMS, Check.LOGIN);
  }

  @Test
  void showsTheBannerThatRefusesTheSession() {
    ProbeReport r = probe(s -> s.fault("connect:554 5.7.1 your IP is on a blocklist"), c -> c);

    ProbeStep banner = step(r, Check.BANNER);
    assertThat(banner.status()).isEqualTo(Status.FAIL);
    assertThat(banner.summary()).contains("554 5.7.1 your IP is on a blocklist");
    assertThat(banner.hint()).isNotEmpty();
  }

  @Test
  void failsTheLoginWithTheServersReplyAndAHint() {
    ProbeReport r = probe(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS).user(USER, "right"),
        c -> c.credentials(Credentials.password(USER, "wrong")));

    ProbeStep login = step(r, Check.LOGIN);
    assertThat(login.status()).isEqualTo(Status.FAIL);
    assertThat(login.summary()).contains("535");
    assertThat(login.hint()).contains("password");
    assertThat(login.summary() + login.hint()).doesNotContain("wrong");
    assertThat(step(r, Check.AUTH_MECHANISMS).status()).isEqualTo(Status.PASS);
  }

  @Test
  void failsTheMechanismCheckWhenNoneFitsTheCredentials() {
    ProbeReport r = probe(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS).user(USER, "pw"),
        c -> c.credentials(Credentials.oauth(USER, TokenSource.of("token"))));

    ProbeStep mechanisms = step(r, Check.AUTH_MECHANISMS);
    assertThat(mechanisms.status()).isEqualTo(Status.FAIL);
    assertThat(mechanisms.summary()).contains("no common AUTH mechanism");
    assertThat(step(r, Check.LOGIN).status()).isEqualTo(Status.SKIP);
  }

  @Test
  void failsTheDnsCheckForANameThatDoesNotResolve() {
    ProbeReport r = Probe.of(SmtpClientConfig.builder("no-such-host.invalid").build()).withStepTimeout(STEP).run();

    assertThat(step(r, Check.DNS).status()).isEqualTo(Status.FAIL);
    assertThat(step(r, Check.DNS).hint()).contains("host name");
    assertThat(statuses(r).subList(1, r.steps().size())).containsOnly(Status.SKIP);
  }
}
