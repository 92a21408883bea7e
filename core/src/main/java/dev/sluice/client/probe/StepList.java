package dev.sluice.client.probe;

import dev.sluice.client.TlsMode;
import dev.sluice.client.probe.ProbeStep.Check;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The checks a probe makes, in the order the session meets them for its TLS mode, and the result of
 * each as it is judged. Checks nobody judged (because an earlier one failed) end up as SKIP.
 */
final class StepList {

  private final List<Check> order;
  private final Map<Check, ProbeStep> results = new EnumMap<>(Check.class);

  private StepList(List<Check> order) {
    this.order = order;
  }

  static StepList forMode(TlsMode mode, boolean login) {
    List<Check> order = new ArrayList<>(List.of(Check.DNS, Check.CONNECT));
    List<Check> tls = List.of(Check.TLS, Check.CERTIFICATE_CHAIN, Check.HOST_NAME, Check.VALIDITY);
    switch (mode) {
      case IMPLICIT -> {
        order.addAll(tls);
        order.addAll(List.of(Check.BANNER, Check.EHLO));
      }
      case NONE -> order.addAll(List.of(Check.BANNER, Check.EHLO));
      default -> {
        order.addAll(List.of(Check.BANNER, Check.EHLO, Check.STARTTLS));
        order.addAll(tls);
      }
    }
    order.add(Check.AUTH_MECHANISMS);
    if (login) {
      order.add(Check.LOGIN);
    }
    return new StepList(List.copyOf(order));
  }

  boolean has(Check check) {
    return order.contains(check);
  }

  boolean judged(Check check) {
    return results.containsKey(check);
  }

  /** Records the result of a check this list has; a check it does not have is ignored. */
  void put(ProbeStep step) {
    if (has(step.check())) {
      results.put(step.check(), step);
    }
  }

  /** Every check in order; the ones not judged are skipped because of the first failure before them. */
  List<ProbeStep> finish() {
    List<ProbeStep> steps = new ArrayList<>(order.size());
    ProbeStep firstFailure = null;
    for (Check check : order) {
      ProbeStep step = results.get(check);
      if (step == null) {
        step = ProbeStep.skip(check, firstFailure == null ? "not run"
            : "not run: the " + firstFailure.check().label() + " check failed", List.of(), "");
      }
      if (firstFailure == null && step.status() == ProbeStep.Status.FAIL) {
        firstFailure = step;
      }
      steps.add(step);
    }
    return steps;
  }
}
