package dev.sluice.cli;

import dev.sluice.client.ProtocolViolationException;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpException;
import dev.sluice.client.SmtpRejectedException;
import dev.sluice.client.SmtpTimeoutException;
import dev.sluice.client.probe.JsonReport;
import dev.sluice.client.probe.Probe;
import dev.sluice.client.probe.ProbeReport;
import dev.sluice.client.probe.ProbeStep;
import dev.sluice.client.probe.TextReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sluice probe}: the SMTP troubleshooting checklist as one command (see {@link Probe}). */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Check an SMTP server step by step, the way troubleshooting guides do (never sends a message).", "",
        "Checks: DNS, TCP connect, banner, EHLO, STARTTLS (or implicit TLS), TLS version and cipher, certificate "
            + "chain, host name and validity by the local clock, AUTH mechanisms and, with --user and a secret, a "
            + "login.", "",
        "Each check prints PASS, FAIL or SKIP with its time, and a hint when it fails. Every step waits at most "
            + "--timeout-s seconds (default 10).", "",
        "Exit codes: 0 every check passed; otherwise that of the first check that did not: 3 DNS, connect, "
            + "STARTTLS, TLS or certificate; 4 AUTH mechanisms or login; for banner and EHLO 1 when the server "
            + "refused, 5 on a timeout or protocol violation, else 3; 2 usage."},
    footer = {"", "Examples:",
        "  sluice probe smtp.example.com                 (port 587, STARTTLS)",
        "  sluice probe smtp.example.com:465 --tls implicit",
        "  sluice probe 127.0.0.1:2587 --ca-file ca.pem --json",
        "  sluice probe --mx example.com --dns-server 127.0.0.1   (DANE needs a validating resolver)",
        "  sluice probe --profile office365 --user me@contoso.com \\",
        "      --oauth-token-command get-o365-token",
        "Office 365 switches basic authentication (passwords) off by default at the end of 2026: probe with an "
            + "OAuth token (XOAUTH2)."})
final class ProbeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "HOST[:PORT]",
      description = "The server (an IPv6 address in brackets: [::1]:587); optional with --profile office365.")
  String target;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--json", description = "Print the report as one JSON object.")
  boolean json;

  @Mixin
  MxProbeOptions mxProbe;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (mxProbe.domain != null) {
        return mxProbe.run(connection, json, out, err);
      }
      HostPort hostPort = HostPort.parse(target);
      String host = connection.host(hostPort == null ? null : hostPort.host());
      if (host == null) {
        throw new UsageException("name the server: sluice probe HOST[:PORT] (or --profile office365)");
      }
      if (hostPort != null && hostPort.port() != null) {
        if (connection.port != null && !connection.port.equals(hostPort.port())) {
          throw new UsageException("the port is given twice: " + target + " and --port " + connection.port);
        }
        connection.port = hostPort.port();
      }
      SmtpClientConfig.Builder config = connection.toConfig(host);
      if (connection.trace) {
        config.trace(new StderrTrace(err));
      }
      Probe probe = Probe.of(config.build());
      if (connection.timeoutSeconds != null) {
        probe = probe.withStepTimeout(Duration.ofSeconds(connection.timeoutSeconds));
      }
      ProbeReport report = probe.run();
      out.print(json ? JsonReport.render(report) + System.lineSeparator() : TextReport.render(report));
      out.flush();
      return exitCode(report);
    } catch (Exception e) {
      return Failures.report(err, e);
    }
  }

  /** 0 when every check passed; else the exit code of the first check that did not (see the description). */
  static int exitCode(ProbeReport report) {
    if (report.passed()) {
      return ExitCodes.OK;
    }
    ProbeStep problem = report.firstProblem().orElseThrow();
    SmtpException error = problem.error();
    return switch (problem.check()) {
      case AUTH_MECHANISMS, LOGIN -> error instanceof SmtpTimeoutException || error instanceof ProtocolViolationException
          ? ExitCodes.TIMEOUT_OR_PROTOCOL : ExitCodes.AUTHENTICATION;
      case BANNER, EHLO -> error instanceof SmtpRejectedException ? ExitCodes.REJECTED
          : error instanceof SmtpTimeoutException || error instanceof ProtocolViolationException
              ? ExitCodes.TIMEOUT_OR_PROTOCOL : ExitCodes.CONNECTION;
      default -> ExitCodes.CONNECTION;
    };
  }

  /** {@code HOST}, {@code HOST:PORT}, {@code [IPv6]:PORT}, or a bare IPv6 address. */
  record HostPort(String host, Integer port) {

    static HostPort parse(String s) {
      if (s == null || s.isBlank()) {
        return null;
      }
      if (s.startsWith("[")) {
        int close = s.indexOf(']');
        if (close < 0) {
          throw new UsageException("unclosed [ in " + s);
        }
        String rest = s.substring(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(":")) {
          throw new UsageException("expected :PORT after ] in " + s);
        }
        return new HostPort(s.substring(1, close), rest.isEmpty() ? null : port(rest.substring(1), s));
      }
      int colon = s.indexOf(':');
      if (colon < 0 || s.indexOf(':', colon + 1) >= 0) {
        return new HostPort(s, null); // a name, or an IPv6 address without a port
      }
      return new HostPort(s.substring(0, colon), port(s.substring(colon + 1), s));
    }

    private static int port(String digits, String whole) {
      try {
        int p = Integer.parseInt(digits);
        if (p >= 1 && p <= 65535) {
          return p;
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw new UsageException("not a port (1-65535) in " + whole + ": " + digits);
    }
  }
}
