package dev.sluice.cli;

import dev.sluice.route.RouterConfig;
import dev.sluice.route.sts.StsConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Authenticated TLS for MX delivery: DANE and MTA-STS (part of {@link MxOptions}). */
final class AuthTlsOptions {

  @Option(names = "--dane",
      description = "DANE (RFC 7672): TLSA records of DNSSEC-validated MX hosts make TLS with a matching certificate "
          + "mandatory. Needs a validating resolver you trust (--dns-server 127.0.0.1 running unbound, for example).")
  boolean dane;

  @Option(names = "--mta-sts",
      description = "MTA-STS (RFC 8461): fetch and cache each domain's policy; 'enforce' allows only the listed MX "
          + "hosts with a verified certificate. DANE takes precedence where both exist.")
  boolean mtaSts;

  @Option(names = "--mta-sts-cache", paramLabel = "FILE",
      description = "Keep MTA-STS policies in FILE across runs (a restart keeps the protection; RFC 8461 §5).")
  Path mtaStsCache;

  @Option(names = "--mta-sts-port", paramLabel = "P", defaultValue = "443",
      description = "HTTPS port of MTA-STS policy hosts (default 443; another only for tests and labs).")
  int mtaStsPort;

  void apply(RouterConfig.Builder b, boolean force) {
    b.dane(dane || force);
    if (mtaSts || mtaStsCache != null || force) {
      try {
        b.mtaSts(StsConfig.DEFAULT.withHttpsPort(mtaStsPort).withCacheFile(mtaStsCache));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--mta-sts-port: " + e.getMessage());
      }
    }
  }
}
