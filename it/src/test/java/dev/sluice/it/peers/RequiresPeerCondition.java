package dev.sluice.it.peers;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/** The JUnit side of {@link RequiresPeer}: disables (or under CI fails) when a peer is missing. */
final class RequiresPeerCondition implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<AnnotatedElement> element = context.getElement();
    Optional<RequiresPeer> required =
        element.flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresPeer.class));
    if (required.isEmpty()) {
      return ConditionEvaluationResult.enabled("no @RequiresPeer");
    }
    return evaluate(required.get().value(), Peers.ci());
  }

  static ConditionEvaluationResult evaluate(String[] peers, boolean ci) {
    for (String peer : peers) {
      Optional<String> missing = Peers.unavailable(peer);
      if (missing.isPresent()) {
        if (ci) {
          throw new AssertionFailedError(Peers.ciFailure(missing.get()));
        }
        return ConditionEvaluationResult.disabled(Peers.skipMessage(missing.get()));
      }
    }
    return ConditionEvaluationResult.enabled("peers available: " + String.join(", ", peers));
  }
}
