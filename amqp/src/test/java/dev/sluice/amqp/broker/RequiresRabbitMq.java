package dev.sluice.amqp.broker;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Runs the class only where a private RabbitMQ node can start; otherwise every test is skipped
 * with one line saying what is missing, or fails when {@code CI=true} (as the it module's
 * {@code RequiresPeer} does), so that a CI machine without RabbitMQ cannot pass by skipping.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(RequiresRabbitMq.Condition.class)
public @interface RequiresRabbitMq {

  /** The JUnit side. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      Optional<String> missing = RabbitNode.unavailable();
      if (missing.isEmpty()) {
        return ConditionEvaluationResult.enabled("rabbitmq-server available");
      }
      String line = "RabbitMQ peer unavailable: " + missing.get();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionFailedError("CI=true, so a missing peer fails the test: " + line);
      }
      return ConditionEvaluationResult.disabled(line + " (skipped; with CI=true this fails)");
    }
  }
}
