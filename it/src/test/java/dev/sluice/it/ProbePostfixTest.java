package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.client.Credentials;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.probe.Probe;
import dev.sluice.client.probe.ProbeReport;
import dev.sluice.client.probe.ProbeStep;
import dev.sluice.client.probe.TextReport;
import dev.sluice.it.peers.Peers;
import dev.sluice.it.peers.PostfixDovecot;
import dev.sluice.it.peers.RequiresPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The probe against Postfix with Dovecot SASL: every check passes on the STARTTLS and the implicit
 * TLS port (library and {@code sluice probe}), and the usual mistakes against a real server are
 * named: no --ca-file, the wrong TLS mode for the port, a wrong password. Never a message sent.
 */
@RequiresPeer(PostfixDovecot.NAME)
class ProbePostfixTest {

  private static PostfixDovecot postfix;

  @BeforeAll
  static void start() {
    postfix = new PostfixDovecot().start();
  }

  @AfterAll
  static void stop() {
    if (postfix != null) {
      postfix.close();
    }
  }

  private static ProbeReport probe(int port, TlsMode mode) {
    return Probe.of(SmtpClientConfig.builder(Peers.HOST).port(port).tlsMode(mode)
        .trust(TrustConfig.pemFile(postfix.caFile())).heloName("probe.example.test")
        .credentials(Credentials.password(Peers.USER, Peers.PASSWORD)).build()).run();
  }

  private static SluiceCli.Run cli(Map<String, String> env, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("probe"));
    all.addAll(List.of(args));
    all.addAll(List.of("--helo", "probe.example.test"));
    return SluiceCli.run(env, all.toArray(String[]::new));
  }

  @Test
  void passesEveryCheckOnTheSubmissionPortWithStartTls() {
    ProbeReport r = probe(postfix.submissionPort(), TlsMode.STARTTLS_REQUIRED);

    assertThat(r.passed()).as(TextReport.render(r)).isTrue();
    assertThat(r.steps()).extracting(ProbeStep::check).containsExactly(ProbeStep.Check.values());
    assertThat(r.step(ProbeStep.Check.AUTH_MECHANISMS).orElseThrow().summary()).contains("PLAIN").contains("LOGIN");
    assertThat(r.step(ProbeStep.Check.CERTIFICATE_CHAIN).orElseThrow().details())
        .anySatisfy(d -> assertThat(d).contains("CN=" + Peers.SERVER_NAME));
    assertThat(r.step(ProbeStep.Check.HOST_NAME).orElseThrow().summary()).contains("IP:127.0.0.1");
  }

  @Test
  void passesEveryCheckOnTheImplicitTlsPort() {
    ProbeReport r = probe(postfix.smtpsPort(), TlsMode.IMPLICIT);

    assertThat(r.passed()).as(TextReport.render(r)).isTrue();
    assertThat(r.step(ProbeStep.Check.STARTTLS)).isEmpty();
  }

  @Test
  void cliPassesEveryCheckAndExitsZero() throws Exception {
    SluiceCli.Run run = cli(Map.of("PASS", Peers.PASSWORD), Peers.HOST + ":" + postfix.submissionPort(),
        "--ca-file", postfix.caFile().toString(), "--user", Peers.USER, "--password-env", "PASS");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("PASS  dns", "PASS  connect", "PASS  banner", "PASS  ehlo", "PASS  starttls",
        "PASS  tls", "PASS  certificate chain", "PASS  host name", "PASS  validity", "PASS  auth mechanisms",
        "PASS  login", "result: PASS, every check passed").doesNotContain("FAIL", "SKIP");
    assertThat(run.out() + run.err()).doesNotContain(Peers.PASSWORD);
  }

  @Test
  void cliJsonSaysEveryCheckPassed() throws Exception {
    SluiceCli.Run run = cli(Map.of("PASS", Peers.PASSWORD), Peers.HOST + ":" + postfix.smtpsPort(), "--tls", "implicit",
        "--ca-file", postfix.caFile().toString(), "--user", Peers.USER, "--password-env", "PASS", "--json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.get("passed").asBoolean()).isTrue();
    assertThat(report.get("tls").asText()).isEqualTo("implicit");
    assertThat(report.get("steps")).hasSize(10).allSatisfy(s -> assertThat(s.get("status").asText()).isEqualTo("PASS"));
  }

  @Test
  void cliWithoutTheCaShowsTheChainAndAsksForCaFile() throws Exception {
    SluiceCli.Run run = cli(Map.of(), Peers.HOST + ":" + postfix.submissionPort());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.out()).contains("FAIL  certificate chain").contains("CN=" + Peers.SERVER_NAME)
        .contains("hint: it is self-signed or issued by an unknown authority: pass the CA (or the certificate) with --ca-file");
  }

  @Test
  void cliNamesTheImplicitTlsPortProbedWithStartTls() throws Exception {
    SluiceCli.Run run = cli(Map.of(), Peers.HOST + ":" + postfix.smtpsPort(), "--ca-file", postfix.caFile().toString(),
        "--timeout-s", "2");

    assertThat(run.out()).as(run.toString()).contains("FAIL  banner").contains("use --tls implicit");
    assertThat(run.exitCode()).isNotZero();
  }

  @Test
  void cliNamesTheStartTlsPortProbedWithImplicitTls() throws Exception {
    SluiceCli.Run run = cli(Map.of(), Peers.HOST + ":" + postfix.submissionPort(), "--tls", "implicit",
        "--ca-file", postfix.caFile().toString());

    assertThat(run.out()).as(run.toString()).contains("FAIL  tls").contains("answered in cleartext SMTP")
        .contains("use --tls starttls");
    assertThat(run.exitCode()).isEqualTo(3);
  }

  @Test
  void cliFailsTheLoginWithAWrongPasswordAndExitsFour() throws Exception {
    SluiceCli.Run run = cli(Map.of("PASS", "wrong-password"), Peers.HOST + ":" + postfix.submissionPort(),
        "--ca-file", postfix.caFile().toString(), "--user", Peers.USER, "--password-env", "PASS");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.out()).contains("PASS  auth mechanisms").contains("FAIL  login").contains("535")
        .doesNotContain("wrong-password");
    assertThat(postfix.deliveredCount()).isZero();
  }
}
