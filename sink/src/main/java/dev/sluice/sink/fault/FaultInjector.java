package dev.sluice.sink.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink's {@link FaultPlan}, compiled: the faults indexed by step, and the position in a
 * sink-wide script. Thread-safe; {@link #forConnection} gives each connection its own random
 * stream and (for per-connection scripts) its own script position.
 */
public final class FaultInjector {

  private final FaultPlan plan;
  private final Fault[][] byEvent;
  private final AtomicInteger sharedScriptPosition = new AtomicInteger();

  public FaultInjector(FaultPlan plan) {
    this.plan = plan;
    SmtpStep[] steps = SmtpStep.values();
    this.byEvent = new Fault[steps.length][];
    for (SmtpStep event : steps) {
      List<Fault> matching = new ArrayList<>();
      for (Fault f : plan.faults()) {
        if (f.step().matches(event)) {
          matching.add(f);
        }
      }
      byEvent[event.ordinal()] = matching.toArray(Fault[]::new);
    }
  }

  /** True when nothing is ever injected: the session can skip asking. */
  public boolean isEmpty() {
    return plan.isEmpty();
  }

  /** The faults of the {@code index}-th connection (0-based, in accept order). */
  public ConnectionFaults forConnection(long index) {
    return new ConnectionFaults(this, mix(plan.seed() + index));
  }

  FaultPlan plan() {
    return plan;
  }

  Fault[] faultsFor(SmtpStep event) {
    return byEvent[event.ordinal()];
  }

  /** The next step of a sink-wide script if it matches {@code event} (and is thereby used), else null. */
  ScriptStep advanceSharedScript(SmtpStep event) {
    List<ScriptStep> steps = plan.script().steps();
    while (true) {
      int i = sharedScriptPosition.get();
      if (i >= steps.size() || !steps.get(i).step().matches(event)) {
        return null;
      }
      if (sharedScriptPosition.compareAndSet(i, i + 1)) {
        return steps.get(i);
      }
    }
  }

  /** SplitMix64's finaliser: neighbouring connection numbers get unrelated seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
