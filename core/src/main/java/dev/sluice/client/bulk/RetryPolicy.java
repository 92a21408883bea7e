package dev.sluice.client.bulk;

import dev.sluice.client.ReplyAdvice;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries of transient failures: exponential backoff with jitter (each delay is drawn between half
 * and all of the exponential value, so that a crowd of failures does not come back at once).
 *
 * @param maxAttempts attempts in all, the first included (1: no retry)
 * @param initialDelay the delay before the second attempt (before jitter)
 * @param maxDelay the longest delay
 * @param multiplier growth of the delay per attempt
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier) {

  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(5), 2);
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1);

  public RetryPolicy {
    if (maxAttempts < 1 || multiplier < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1 and multiplier >= 1");
    }
  }

  public RetryPolicy withMaxAttempts(int n) {
    return new RetryPolicy(n, initialDelay, maxDelay, multiplier);
  }

  public RetryPolicy withInitialDelay(Duration d) {
    return new RetryPolicy(maxAttempts, d, maxDelay, multiplier);
  }

  /** The delay after attempt number {@code attempt} (1-based) failed. */
  Duration delayAfter(int attempt) {
    double exp = initialDelay.toNanos() * Math.pow(multiplier, attempt - 1);
    double capped = Math.min(exp, maxDelay.toNanos());
    double jittered = capped * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble());
    return Duration.ofNanos((long) jittered);
  }

  /**
   * The delay after attempt {@code attempt} failed with a reply that came with {@code advice}
   * (null: none): a server limit ({@link ReplyAdvice.Retry#SLOWER}) is waited out, up to
   * {@link #maxDelay()}, since an earlier attempt would only meet the same limit.
   */
  Duration delayAfter(int attempt, ReplyAdvice advice) {
    Duration backoff = delayAfter(attempt);
    if (advice == null || advice.retry() != ReplyAdvice.Retry.SLOWER) {
      return backoff;
    }
    Duration floor = advice.retryAfter().compareTo(maxDelay) < 0 ? advice.retryAfter() : maxDelay;
    return backoff.compareTo(floor) < 0 ? floor : backoff;
  }
}
