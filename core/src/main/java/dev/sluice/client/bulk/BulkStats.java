package dev.sluice.client.bulk;

/**
 * Counts of a bulk job. {@code submitted == delivered + rejected + failed + unknown + pending},
 * always. {@code recipients} counts the recipients of finished messages, each once, by its own
 * outcome (a message delivered to some recipients may have others rejected or failed).
 */
public record BulkStats(long submitted, long delivered, long rejected, long failed, long unknown, long pending,
    long retries, PoolStats pool, Recipients recipients) {

  /** Recipients of finished messages by outcome. */
  public record Recipients(long delivered, long rejected, long failed, long unknown) {}

  public long finished() {
    return delivered + rejected + failed + unknown;
  }
}
