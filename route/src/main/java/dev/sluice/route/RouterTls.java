package dev.sluice.route;

import dev.sluice.route.dns.MailDns;
import dev.sluice.route.sts.StsCache;
import dev.sluice.route.sts.StsFetcher;
import dev.sluice.route.sts.StsPolicies;
import dev.sluice.route.tls.AuthenticatedTls;
import dev.sluice.route.tls.DanePolicies;
import dev.sluice.route.tls.TlsPolicySource;
import dev.sluice.route.tls.TlsReports;
import io.netty.channel.EventLoopGroup;

/**
 * A router's TLS policy machinery, assembled from its configuration: DANE, MTA-STS (fetcher, cache
 * file, background refresh), the fallback policies, and the TLS report counters they all feed.
 */
final class RouterTls implements AutoCloseable {

  private final DanePolicies dane;
  private final StsCache stsCache;
  private final StsPolicies sts;
  private final TlsReports reports = new TlsReports();
  private final TlsPolicySource policies;

  RouterTls(RouterConfig config, EventLoopGroup group, MailDns dns) {
    this.dane = new DanePolicies(dns);
    if (config.mtaSts() != null) {
      this.stsCache = new StsCache(config.mtaSts().cacheFile());
      this.sts = new StsPolicies(dns, new StsFetcher(group, dns, config.trust(), config.mtaSts(),
          config.shaping().allowPrivateMx()), stsCache, reports, config.mtaSts());
    } else {
      this.stsCache = null;
      this.sts = null;
    }
    this.policies = config.dane() || sts != null
        ? new AuthenticatedTls(config.dane() ? dane : null, sts, config.effectiveTlsPolicies(), config.ownTlsPolicies())
        : config.effectiveTlsPolicies();
  }

  TlsPolicySource policies() {
    return policies;
  }

  DanePolicies dane() {
    return dane;
  }

  StsPolicies sts() {
    return sts;
  }

  TlsReports reports() {
    return reports;
  }

  void refreshDue() {
    if (sts != null) {
      sts.refreshDue();
    }
  }

  @Override
  public void close() {
    if (stsCache != null) {
      stsCache.close();
    }
  }
}
