package dev.sluice.client.bulk;

/**
 * A token bucket: {@code rate} tokens per second, up to {@code burst} saved up. Not thread-safe
 * (the pool calls it under its lock). A rate of 0 means unlimited.
 */
final class TokenBucket {

  private final double perNano;
  private final double burst;
  private double tokens;
  private long last;

  TokenBucket(double perSecond, double burst, long now) {
    this.perNano = perSecond / 1e9;
    this.burst = Math.max(1, burst);
    this.tokens = this.burst;
    this.last = now;
  }

  static TokenBucket unlimited(long now) {
    return new TokenBucket(0, 1, now);
  }

  boolean unlimited() {
    return perNano == 0;
  }

  /** Takes a token and returns 0, or takes nothing and returns the nanoseconds until one is there. */
  long tryTake(long now) {
    if (unlimited()) {
      return 0;
    }
    tokens = Math.min(burst, tokens + (now - last) * perNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / perNano);
  }
}
