package dev.sluice.client.bulk;

/**
 * Counts of a bulk job. {@code submitted == delivered + rejected + failed + unknown + pending},
 * always.
 */
public record BulkStats(long submitted, long delivered, long rejected, long failed, long unknown, long pending,
    long retries, PoolStats pool) {

  public long finished() {
    return delivered + rejected + failed + unknown;
  }
}
