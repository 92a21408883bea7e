package dev.sluice.sink.fault;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/** The fault decisions of one connection. Confined to the connection's event loop. */
public final class ConnectionFaults {

  private final FaultInjector injector;
  private final SplittableRandom random;
  private int scriptPosition;

  ConnectionFaults(FaultInjector injector, long seed) {
    this.injector = injector;
    this.random = new SplittableRandom(seed);
  }

  /**
   * Decides what happens at {@code event}, {@code commandsBefore} command lines into the
   * connection. A matching script step wins; otherwise every fault for the event is drawn.
   */
  public Decision decide(SmtpStep event, long commandsBefore) {
    Script script = injector.plan().script();
    if (script != null) {
      ScriptStep step = script.perConnection() ? advanceOwnScript(script.steps(), event)
          : injector.advanceSharedScript(event);
      if (step != null) {
        return fromScript(step.action());
      }
    }
    Duration delay = null;
    FaultAction action = null;
    int fired = 0;
    for (Fault f : injector.faultsFor(event)) {
      if (commandsBefore < f.afterCommands() || (action != null && !(f.action() instanceof FaultAction.Delay))) {
        continue;
      }
      if (f.probability() < 1 && random.nextDouble() >= f.probability()) {
        continue;
      }
      fired++;
      if (f.action() instanceof FaultAction.Delay d) {
        delay = delay == null ? d.duration() : delay.plus(d.duration());
      } else {
        action = f.action();
      }
    }
    return fired == 0 ? Decision.NONE : new Decision(delay, action, fired);
  }

  private ScriptStep advanceOwnScript(List<ScriptStep> steps, SmtpStep event) {
    if (scriptPosition < steps.size() && steps.get(scriptPosition).step().matches(event)) {
      return steps.get(scriptPosition++);
    }
    return null;
  }

  private static Decision fromScript(FaultAction action) {
    if (action instanceof FaultAction.Proceed) {
      return Decision.NONE;
    }
    if (action instanceof FaultAction.Delay d) {
      return new Decision(d.duration(), null, 1);
    }
    return new Decision(null, action, 1);
  }
}
