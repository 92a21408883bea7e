package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.client.TransportType;
import dev.sluice.client.Transports;
import dev.sluice.route.Router;
import dev.sluice.route.RouterConfig;
import dev.sluice.route.probe.DomainProbe;
import io.netty.channel.EventLoopGroup;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice probe --mx DOMAIN}: the authenticated-TLS view of a domain (see
 * {@link DomainProbe}), DANE and MTA-STS always evaluated. Exit 0 when some MX host can take mail
 * under the domain's policy, 3 when none can.
 */
final class MxProbeOptions {

  @Option(names = "--mx", paramLabel = "DOMAIN",
      description = "Probe a mail domain instead of one server: MX hosts and addresses, DNSSEC, TLSA (and whether "
          + "the certificate matches), MTA-STS record and policy, STARTTLS and certificate per MX, verdicts. "
          + "Sends no message.")
  String domain;

  @Mixin
  MxOptions mx;

  int run(ConnectionOptions connection, boolean json, PrintWriter out, PrintWriter err) throws Exception {
    RouterConfig.Builder b = mx.toConfig(connection, err);
    mx.authTls.apply(b, true);
    long timeout = (connection.timeoutSeconds != null ? connection.timeoutSeconds : 10) * 1000L;
    // Each DNS question waits at most --timeout-s, twice: a dead resolver ends the probe, not a hang.
    b.dns(b.build().dns().withQueryTimeout(java.time.Duration.ofMillis(timeout)).withAttempts(2));
    RouterConfig config = b.build();
    EventLoopGroup group = Transports.newGroup(TransportType.AUTO, 1, "sluice-probe-mx");
    try (Router router = Router.create(config, group)) {
      DomainProbe.Report r = new DomainProbe(router, group, timeout).probe(domain);
      if (json) {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
      } else {
        render(r, out);
      }
      out.flush();
      return r.deliverable() ? ExitCodes.OK : ExitCodes.CONNECTION;
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static void render(DomainProbe.Report r, PrintWriter out) {
    out.println("Domain   " + r.domain() + " (" + r.routeKind() + ", DNSSEC: "
        + (r.mxValidated() ? "validated" : "not validated") + ")");
    if (r.problem() != null) {
      out.println("Problem  " + r.problem());
    }
    out.println("MTA-STS  " + (r.stsTxtId() == null ? "no policy" : "id " + r.stsTxtId() + ", mode " + r.stsMode()
        + ", mx " + String.join(" ", r.stsMx())));
    out.println("Policy   " + r.policy() + " (" + r.policySource() + ")");
    for (DomainProbe.MxReport m : r.mx()) {
      out.println();
      out.println("MX " + m.preference() + " " + m.host() + "  " + String.join(" ", m.addresses()));
      out.println("  TLSA       " + (m.tlsa().isEmpty() ? "none" : String.join("; ", m.tlsa()))
          + (m.tlsa().isEmpty() ? "" : m.tlsaValidated() ? " (validated)" : " (not validated: ignored)")
          + (m.tlsaMatches() == null ? "" : m.tlsaMatches() ? ", certificate matches" : ", certificate does NOT match"));
      out.println("  STARTTLS   " + (m.connectError() != null ? "? (" + m.connectError() + ")"
          : m.starttls() ? "yes, " + m.tlsProtocol() : "no"));
      if (m.certificateSubject() != null) {
        out.println("  Cert       " + m.certificateSubject() + ", issuer " + m.certificateIssuer() + ", names "
            + String.join(" ", m.certificateNames()) + ": " + m.certificateVerdict());
      }
      out.println("  Verdict    " + m.verdict());
    }
    out.println();
    out.println("Verdict  " + r.verdict());
  }
}
