package dev.sluice.micrometer;

import dev.sluice.client.bulk.BulkListener;
import dev.sluice.client.bulk.Outcome;

/** Two bulk listeners as one, so binding meters keeps the user's own listener. */
final class Listeners {

  private Listeners() {}

  static BulkListener both(BulkListener first, BulkListener second) {
    return new BulkListener() {
      @Override
      public void outcome(Outcome outcome, long latencyNanos) {
        first.outcome(outcome, latencyNanos);
        second.outcome(outcome, latencyNanos);
      }

      @Override
      public void retry(Outcome attempt, long delayNanos) {
        first.retry(attempt, delayNanos);
        second.retry(attempt, delayNanos);
      }
    };
  }
}
