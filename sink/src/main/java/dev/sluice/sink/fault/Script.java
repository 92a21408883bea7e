package dev.sluice.sink.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An exact dialogue for tests: an ordered list of steps, each applied to the next event that
 * matches it. Events that do not match the next step are handled normally, so a script names only
 * the replies a test cares about:
 *
 * <pre>{@code
 * Script script = Script.builder()
 *     .then(SmtpStep.RCPT, FaultAction.proceed())                      // first RCPT: accepted
 *     .then(SmtpStep.RCPT, FaultAction.reply(550, "5.1.1 No such user")) // second: refused
 *     .then(SmtpStep.DATA_END, FaultAction.reply(451, "4.3.0 Try again")) // the message: deferred
 *     .build();
 * }</pre>
 *
 * <p>By default one script runs across the whole sink, in the order events arrive on any
 * connection (so a test can script a failed first attempt and a successful retry on a new
 * connection); {@link Builder#perConnection()} restarts it on every connection instead. Once every
 * step was used, the sink behaves normally.
 */
public final class Script {

  private final List<ScriptStep> steps;
  private final boolean perConnection;

  private Script(List<ScriptStep> steps, boolean perConnection) {
    this.steps = List.copyOf(steps);
    this.perConnection = perConnection;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<ScriptStep> steps() {
    return steps;
  }

  /** Whether every connection runs the script from its first step. */
  public boolean perConnection() {
    return perConnection;
  }

  @Override
  public String toString() {
    return "Script" + steps + (perConnection ? " per connection" : "");
  }

  /** Builds a {@link Script}. */
  public static final class Builder {
    private final List<ScriptStep> steps = new ArrayList<>();
    private boolean perConnection;

    private Builder() {}

    /** Appends a step. */
    public Builder then(SmtpStep step, FaultAction action) {
      steps.add(new ScriptStep(step, action));
      return this;
    }

    /** Appends a step that refuses with this reply. */
    public Builder thenReply(SmtpStep step, int code, String text) {
      return then(step, FaultAction.reply(code, text));
    }

    /** Appends a step that is handled normally (to skip over one event of that kind). */
    public Builder thenProceed(SmtpStep step) {
      return then(step, FaultAction.proceed());
    }

    /** Restart the script on every connection. */
    public Builder perConnection() {
      this.perConnection = true;
      return this;
    }

    public Script build() {
      if (steps.isEmpty()) {
        throw new IllegalStateException("a script needs at least one step");
      }
      return new Script(steps, perConnection);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Script s && s.steps.equals(steps) && s.perConnection == perConnection;
  }

  @Override
  public int hashCode() {
    return Objects.hash(steps, perConnection);
  }
}
