package dev.sluice.sink.fault;

import java.util.Objects;

/**
 * One injected fault: at {@code step}, once the connection has received {@code afterCommands}
 * command lines, do {@code action} with the given probability.
 *
 * <pre>{@code
 * Fault.on(SmtpStep.RCPT, FaultAction.reply(451, "4.3.0 try later")).withProbability(0.05)
 * Fault.parse("rcpt:451 4.3.0 try later@5%")      // the same, from a --fault spec
 * Fault.parse("after=100:421")                     // 421 and close at the 101st command
 * }</pre>
 *
 * @param step where it applies; {@link SmtpStep#ANY} for every command
 * @param afterCommands how many command lines the connection must have received before (0: from
 *     the first)
 * @param action what happens
 * @param probability in (0, 1]; each matching event draws from the sink's seedable random
 */
public record Fault(SmtpStep step, int afterCommands, FaultAction action, double probability) {

  public Fault {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(action, "action");
    if (action instanceof FaultAction.Proceed) {
      throw new IllegalArgumentException("'proceed' is for scripts, not faults");
    }
    if (action instanceof FaultAction.DisconnectMidData && !step.carriesData()) {
      throw new IllegalArgumentException("disconnect-mid applies to data or bdat, not " + step.specName());
    }
    if (afterCommands < 0) {
      throw new IllegalArgumentException("afterCommands must be >= 0: " + afterCommands);
    }
    if (!(probability > 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in (0, 1]: " + probability);
    }
  }

  /** Always, from the first command. */
  public static Fault on(SmtpStep step, FaultAction action) {
    return new Fault(step, 0, action, 1.0);
  }

  /** On every command after the first {@code commands} ones (the {@code after=N:} spec form). */
  public static Fault afterCommands(int commands, FaultAction action) {
    return new Fault(SmtpStep.ANY, commands, action, 1.0);
  }

  /**
   * Parses a {@code --fault} spec; see {@link FaultSpec}.
   *
   * @throws IllegalArgumentException saying what is wrong and what was expected
   */
  public static Fault parse(String spec) {
    return FaultSpec.parse(spec);
  }

  public Fault withProbability(double probability) {
    return new Fault(step, afterCommands, action, probability);
  }

  /** The spec form, which {@link #parse} reads back. */
  @Override
  public String toString() {
    return FaultSpec.format(this);
  }
}
