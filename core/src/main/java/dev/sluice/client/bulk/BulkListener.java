package dev.sluice.client.bulk;

/** Hears about a bulk job as it runs; called on event loops: must be quick and must not block. */
public interface BulkListener {

  /** A message reached its final outcome. */
  default void outcome(Outcome outcome, long latencyNanos) {}

  /** A message failed transiently and will be tried again after {@code delayNanos}. */
  default void retry(Outcome attempt, long delayNanos) {}
}
