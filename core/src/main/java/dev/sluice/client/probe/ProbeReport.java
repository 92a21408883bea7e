package dev.sluice.client.probe;

import dev.sluice.client.TlsMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link Probe} found: every check in the order it ran.
 *
 * @param host the server's host name, as given
 * @param port the port probed
 * @param tlsMode how the connection was to be protected
 * @param startedAt when the probe started, by the local clock
 * @param elapsed how long the whole probe took
 * @param steps every check, in order
 */
public record ProbeReport(String host, int port, TlsMode tlsMode, Instant startedAt, Duration elapsed,
    List<ProbeStep> steps) {

  public ProbeReport {
    steps = List.copyOf(steps);
  }

  /** True when every check passed: the only case in which {@code sluice probe} exits 0. */
  public boolean passed() {
    return !steps.isEmpty() && steps.stream().allMatch(ProbeStep::passed);
  }

  /** The first check that did not pass (a FAIL, or a SKIP when nothing failed), if any. */
  public Optional<ProbeStep> firstProblem() {
    Optional<ProbeStep> failed = steps.stream().filter(s -> s.status() == ProbeStep.Status.FAIL).findFirst();
    return failed.isPresent() ? failed : steps.stream().filter(s -> !s.passed()).findFirst();
  }

  /** The step of {@code check}, if the probe has one (STARTTLS has none with implicit TLS, LOGIN none without credentials). */
  public Optional<ProbeStep> step(ProbeStep.Check check) {
    return steps.stream().filter(s -> s.check() == check).findFirst();
  }
}
