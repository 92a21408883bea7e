package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sink.AuthMechanism;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.SmtpSinkBuilder;
import dev.sluice.sink.TlsMode;
import dev.sluice.sink.tls.CertificateBuilder;
import dev.sluice.sink.tls.CertifiedKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sluice probe} end to end against the sink: output, JSON, exit codes, the Office 365 profile. */
class ProbeCommandTest {

  static final CertifiedKey CA = CertificateBuilder.authority("Sluice CLI Test CA").selfSigned();
  static final String USER = "me@contoso.test";
  static final String TOKEN = "fresh-token";

  @TempDir
  Path dir;

  /** What a run printed and how it ended. */
  record Run(int exit, String out, String err) {}

  static Run sluice(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SluiceCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** A sink on localhost with a certificate from the test CA. */
  static SmtpSinkBuilder sink() {
    return SmtpSink.builder().inMemory().certificate(CertificateBuilder.forHosts("localhost", "127.0.0.1").issuedBy(CA));
  }

  /** The sink dressed as Office 365 (AUTH LOGIN XOAUTH2 after STARTTLS only). */
  static SmtpSinkBuilder office365() {
    return sink().tls(TlsMode.STARTTLS).requireTls(true).authMechanisms(AuthMechanism.LOGIN, AuthMechanism.XOAUTH2)
        .user(USER, "pw").token(USER, TOKEN).requireAuth(true)
        .greeting("SN4PR0501CA0123.outlook.office365.com Microsoft ESMTP MAIL Service ready");
  }

  Path caFile() throws Exception {
    Path f = dir.resolve("ca.pem");
    Files.writeString(f, CA.certificatePem());
    return f;
  }

  Path file(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  List<String> args(SmtpSink s, String... more) throws Exception {
    List<String> a = new ArrayList<>(List.of("probe", "localhost:" + s.port(), "--ca-file", caFile().toString(),
        "--helo", "probe.test", "--timeout-s", "3"));
    a.addAll(List.of(more));
    return a;
  }

  @Test
  void passesEveryCheckAndExitsZero() throws Exception {
    try (SmtpSink s = sink().tls(TlsMode.STARTTLS).user("user@example.test", "pw").start()) {
      Run r = sluice(args(s, "--user", "user@example.test", "--password-file", file("pw", "pw\n").toString())
          .toArray(String[]::new));

      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("PASS  starttls", "PASS  certificate chain", "PASS  login")
          .contains("result: PASS, every check passed").doesNotContain("FAIL", "SKIP");
      assertThat(s.counters().messages()).isZero();
    }
  }

  @Test
  void printsOneJsonObjectForScripts() throws Exception {
    try (SmtpSink s = sink().tls(TlsMode.STARTTLS).start()) {
      Run r = sluice(args(s, "--json").toArray(String[]::new));

      assertThat(r.exit()).as("no AUTH offered: " + r.out() + r.err()).isEqualTo(ExitCodes.AUTHENTICATION);
      assertThat(r.out().strip()).startsWith("{\"host\":\"localhost\",\"port\":" + s.port() + ",\"tls\":\"starttls\","
          + "\"passed\":false,").endsWith("]}").contains("\"first_problem\":\"auth mechanisms\"");
      assertThat(r.out().lines()).hasSize(1);
    }
  }

  @Test
  void namesAClosedPortAndExitsThree() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Run r = sluice("probe", "127.0.0.1:" + port, "--timeout-s", "3");

    assertThat(r.exit()).isEqualTo(ExitCodes.CONNECTION);
    assertThat(r.out()).contains("FAIL  connect").contains("refused").contains("hint: nothing listens on that port")
        .contains("result: FAIL at connect");
  }

  @Test
  void namesAnImplicitTlsPortProbedWithStartTls() throws Exception {
    try (SmtpSink s = sink().tls(TlsMode.IMPLICIT).start()) {
      Run r = sluice("probe", "localhost:" + s.port(), "--timeout-s", "1");

      assertThat(r.out()).contains("FAIL  banner").contains("implicit TLS").contains("use --tls implicit");
      assertThat(r.exit()).isEqualTo(ExitCodes.TIMEOUT_OR_PROTOCOL);
    }
  }

  @Test
  void logsInWithXoauth2FromATokenCommandThatRefreshesWithTheOffice365Profile() throws Exception {
    Path calls = dir.resolve("calls");
    String command = "echo $SLUICE_TOKEN_REFRESH >> " + calls
        + "; if [ \"$SLUICE_TOKEN_REFRESH\" = 1 ]; then echo " + TOKEN + "; else echo stale-token; fi";
    try (SmtpSink s = office365().start()) {
      Run r = sluice(args(s, "--profile", "office365", "--user", USER, "--oauth-token-command", command)
          .toArray(String[]::new));

      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("LOGIN XOAUTH2 after TLS").contains("authenticated as " + USER + " with XOAUTH2")
          .contains("Microsoft ESMTP MAIL Service ready");
      assertThat(Files.readAllLines(calls)).containsExactly("0", "1");
    }
  }

  @Test
  void explainsSmtpAuthDisabledAndExitsFour() throws Exception {
    try (SmtpSink s = office365().fault("auth:535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is "
        + "disabled for the Tenant.").start()) {
      Run r = sluice(args(s, "--profile", "office365", "--user", USER, "--password-file", file("pw", "pw").toString())
          .toArray(String[]::new));

      assertThat(r.exit()).isEqualTo(ExitCodes.AUTHENTICATION);
      assertThat(r.out()).contains("FAIL  login").contains("535 5.7.139")
          .contains("hint: SMTP AUTH is disabled for the whole tenant")
          .contains("prefer an OAuth token").contains("end of 2026");
    }
  }

  @Test
  void refusesThePortGivenTwiceDifferently() {
    Run r = sluice("probe", "localhost:587", "--port", "25");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("the port is given twice");
  }

  @Test
  void needsAServerOrAProfile() {
    Run r = sluice("probe");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("sluice probe HOST[:PORT]");
  }

  @Test
  void readsHostAndPortInEveryForm() {
    assertThat(ProbeCommand.HostPort.parse("smtp.example.com")).isEqualTo(new ProbeCommand.HostPort("smtp.example.com", null));
    assertThat(ProbeCommand.HostPort.parse("smtp.example.com:465")).isEqualTo(new ProbeCommand.HostPort("smtp.example.com", 465));
    assertThat(ProbeCommand.HostPort.parse("[::1]:2587")).isEqualTo(new ProbeCommand.HostPort("::1", 2587));
    assertThat(ProbeCommand.HostPort.parse("::1")).isEqualTo(new ProbeCommand.HostPort("::1", null));
    assertThatThrownBy(() -> ProbeCommand.HostPort.parse("host:99999")).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> ProbeCommand.HostPort.parse("[::1")).isInstanceOf(UsageException.class);
  }

  @Test
  void helpPutsOAuthTokensFirst() {
    Run r = sluice("probe", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--profile", "--oauth-token-command", "XOAUTH2", "end of 2026");
    assertThat(r.out().indexOf("--oauth-token-env")).isLessThan(r.out().indexOf("--password-env"));
  }
}
