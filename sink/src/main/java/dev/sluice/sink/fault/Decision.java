package dev.sluice.sink.fault;

import java.time.Duration;

/**
 * What the faults say about one event.
 *
 * @param delay how long to hold the reply, or null
 * @param action a {@link FaultAction.Reply}, {@link FaultAction.Disconnect} or
 *     {@link FaultAction.DisconnectMidData} to apply instead of the normal handling, or null
 * @param fired how many faults (or script steps) fired, for the counters
 */
public record Decision(Duration delay, FaultAction action, int fired) {

  /** Nothing injected: handle the event normally. */
  public static final Decision NONE = new Decision(null, null, 0);

  public boolean isNone() {
    return fired == 0;
  }
}
