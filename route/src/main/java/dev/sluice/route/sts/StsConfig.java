package dev.sluice.route.sts;

import java.nio.file.Path;
import java.time.Duration;

/**
 * MTA-STS settings.
 *
 * @param cacheFile where policies are kept across restarts (null: memory only, which loses the
 *     downgrade protection of RFC 8461 §5 at every restart)
 * @param httpsPort the port policies are fetched from (443; another only for tests and labs)
 * @param fetchTimeout the whole fetch, connect to last byte (RFC 8461 §3.3 suggests about a minute)
 * @param maxPolicyBytes the largest policy read (RFC 8461 §3.3 suggests 64 KiB)
 * @param refreshBefore a cached policy is fetched again in the background when it expires within this
 */
public record StsConfig(Path cacheFile, int httpsPort, Duration fetchTimeout, int maxPolicyBytes,
    Duration refreshBefore) {

  public static final StsConfig DEFAULT = new StsConfig(null, 443, Duration.ofSeconds(60), 64 * 1024,
      Duration.ofDays(1));

  public StsConfig {
    if (httpsPort < 1 || httpsPort > 65535) {
      throw new IllegalArgumentException("httpsPort must be 1-65535");
    }
    if (maxPolicyBytes < 128) {
      throw new IllegalArgumentException("maxPolicyBytes must be at least 128");
    }
  }

  public StsConfig withCacheFile(Path file) {
    return new StsConfig(file, httpsPort, fetchTimeout, maxPolicyBytes, refreshBefore);
  }

  public StsConfig withHttpsPort(int port) {
    return new StsConfig(cacheFile, port, fetchTimeout, maxPolicyBytes, refreshBefore);
  }

  public StsConfig withFetchTimeout(Duration d) {
    return new StsConfig(cacheFile, httpsPort, d, maxPolicyBytes, refreshBefore);
  }

  public StsConfig withRefreshBefore(Duration d) {
    return new StsConfig(cacheFile, httpsPort, fetchTimeout, maxPolicyBytes, d);
  }
}
