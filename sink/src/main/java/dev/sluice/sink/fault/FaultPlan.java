package dev.sluice.sink.fault;

import java.util.List;

/**
 * Everything a sink injects: faults, an optional script, and the seed of the random draws (so a
 * run with probabilities can be repeated exactly: connection N always draws the same sequence).
 *
 * @param faults evaluated in order for each event; every delay that fires adds up, the first reply
 *     or disconnect that fires wins
 * @param script consulted before the faults, or null; when a script step matches, the faults are
 *     not consulted for that event
 * @param seed the seed of the random draws
 */
public record FaultPlan(List<Fault> faults, Script script, long seed) {

  /** No faults, no script. */
  public static final FaultPlan NONE = new FaultPlan(List.of(), null, 0);

  public FaultPlan {
    faults = List.copyOf(faults);
  }

  /** True when nothing is injected. */
  public boolean isEmpty() {
    return faults.isEmpty() && script == null;
  }
}
