package dev.sluice.sink.fault;

import java.util.Objects;

/**
 * One step of a {@link Script}: the next event of kind {@code step} gets {@code action}.
 *
 * @param step the event this step waits for ({@link SmtpStep#ANY}: the next command, whatever it is)
 * @param action what to do then; {@link FaultAction#proceed()} handles it normally
 */
public record ScriptStep(SmtpStep step, FaultAction action) {

  public ScriptStep {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(action, "action");
    if (action instanceof FaultAction.DisconnectMidData && !step.carriesData()) {
      throw new IllegalArgumentException("disconnect-mid applies to data or bdat, not " + step.specName());
    }
  }

  @Override
  public String toString() {
    return step.specName() + ":" + action;
  }
}
