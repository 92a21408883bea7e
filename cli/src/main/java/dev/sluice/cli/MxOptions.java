package dev.sluice.cli;

import dev.sluice.client.Timeouts;
import dev.sluice.client.TrustConfig;
import dev.sluice.route.RouterConfig;
import dev.sluice.route.dns.DnsConfig;
import dev.sluice.route.shaping.Shaping;
import dev.sluice.route.shaping.ShapingFile;
import dev.sluice.route.tls.TlsPolicy;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Direct-delivery options shared by {@code send}, {@code blast} and {@code route}: where DNS is
 * asked, the SMTP port of MX hosts (tests and labs only), private MX addresses, the shaping file.
 */
final class MxOptions {

  @Option(names = "--dns-server", paramLabel = "HOST[:PORT]",
      description = "Ask this DNS server (an IP address; repeatable) instead of the system's (/etc/resolv.conf).")
  List<String> dnsServers;

  @Option(names = "--mx-port", paramLabel = "P", defaultValue = "25",
      description = "SMTP port of every MX host (default 25; another port only for tests and labs).")
  int mxPort;

  @Option(names = "--allow-private-mx",
      description = "Accept MX hosts with loopback, private or reserved addresses (refused by default: spam traps, SSRF).")
  boolean allowPrivateMx;

  @Option(names = "--shaping", paramLabel = "FILE",
      description = "Traffic shaping file (TOML): limits by domain and MX suffix, TLS policies, routes, global cap.")
  Path shapingFile;

  @Option(names = "--mx-tls", paramLabel = "POLICY", defaultValue = "opportunistic",
      description = "Default TLS policy of MX delivery: opportunistic (STARTTLS when offered, certificate verdict "
          + "recorded), require-verified or none.")
  String mxTls;

  @picocli.CommandLine.Mixin
  AuthTlsOptions authTls = new AuthTlsOptions();

  /** A router configuration from these options and the connection options' --helo, --timeout-s and --ca-file. */
  RouterConfig.Builder toConfig(ConnectionOptions connection, java.io.PrintWriter err) {
    Shaping shaping = shapingFile != null ? ShapingFile.load(shapingFile) : Shaping.DEFAULT;
    if (allowPrivateMx) {
      shaping = shaping.withAllowPrivateMx(true);
    }
    TlsPolicy policy = TlsPolicy.parse(mxTls, "--mx-tls");
    shaping = new Shaping(shaping.defaults(), shapingFile != null && "opportunistic".equals(mxTls)
        ? shaping.defaultTls() : policy, shaping.domains(), shaping.mxSuffixes(), shaping.maxConnections(),
        shaping.suspension(), shaping.maxSuspension(), shaping.allowPrivateMx());
    DnsConfig dns = DnsConfig.DEFAULT;
    if (dnsServers != null && !dnsServers.isEmpty()) {
      List<InetSocketAddress> servers = new ArrayList<>();
      for (String s : dnsServers) {
        try {
          servers.add(DnsConfig.parseNameserver(s));
        } catch (IllegalArgumentException e) {
          throw new UsageException("--dns-server: " + e.getMessage());
        }
      }
      dns = dns.withNameservers(servers);
    }
    if (mxPort < 1 || mxPort > 65535) {
      throw new UsageException("--mx-port must be 1-65535");
    }
    RouterConfig.Builder b = RouterConfig.builder().port(mxPort).dns(dns).shaping(shaping);
    authTls.apply(b, false);
    if (connection != null) {
      if (connection.helo != null) {
        b.heloName(connection.helo);
      }
      if (connection.timeoutSeconds != null) {
        b.timeouts(Timeouts.all(Duration.ofSeconds(connection.timeoutSeconds)));
      }
      if (connection.caFile != null) {
        b.trust(TrustConfig.pemFile(connection.caFile));
      }
      if (connection.trace) {
        b.trace(new StderrTrace(err));
      }
    }
    return b;
  }
}
