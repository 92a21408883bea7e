package dev.sluice.client.bulk;

/**
 * A bulk job's settings.
 *
 * @param pool connection pool settings (connections, rate limits…)
 * @param maxInFlight submitted messages without an outcome yet, at most; {@link BulkSender#submit}
 *     waits beyond that (backpressure)
 * @param retry retries of transient failures
 * @param atLeastOnce also retry messages whose delivery is unknown (risking duplicates)
 * @param listener hears about outcomes and retries, or null
 * @param transform changes each message once before it is sent (DKIM signing), off the event
 *     loop; or null
 */
public record BulkConfig(PoolConfig pool, int maxInFlight, RetryPolicy retry, boolean atLeastOnce,
    BulkListener listener, MessageTransform transform) {

  public static final BulkConfig DEFAULT = new BulkConfig(PoolConfig.DEFAULT, 1000, RetryPolicy.DEFAULT, false, null);

  /**
   * For one Office 365 mailbox: {@link PoolConfig#OFFICE_365} (3 connections, 30 messages a
   * minute), and a backlog of a few minutes' worth of messages rather than thousands.
   */
  public static final BulkConfig OFFICE_365 = new BulkConfig(PoolConfig.OFFICE_365, 100, RetryPolicy.DEFAULT, false,
      null);

  /** Settings without a transform. */
  public BulkConfig(PoolConfig pool, int maxInFlight, RetryPolicy retry, boolean atLeastOnce, BulkListener listener) {
    this(pool, maxInFlight, retry, atLeastOnce, listener, null);
  }

  public BulkConfig {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1");
    }
  }

  public BulkConfig withPool(PoolConfig pool) {
    return new BulkConfig(pool, maxInFlight, retry, atLeastOnce, listener, transform);
  }

  public BulkConfig withMaxInFlight(int n) {
    return new BulkConfig(pool, n, retry, atLeastOnce, listener, transform);
  }

  public BulkConfig withRetry(RetryPolicy retry) {
    return new BulkConfig(pool, maxInFlight, retry, atLeastOnce, listener, transform);
  }

  public BulkConfig withAtLeastOnce(boolean atLeastOnce) {
    return new BulkConfig(pool, maxInFlight, retry, atLeastOnce, listener, transform);
  }

  public BulkConfig withListener(BulkListener listener) {
    return new BulkConfig(pool, maxInFlight, retry, atLeastOnce, listener, transform);
  }

  public BulkConfig withTransform(MessageTransform transform) {
    return new BulkConfig(pool, maxInFlight, retry, atLeastOnce, listener, transform);
  }
}
