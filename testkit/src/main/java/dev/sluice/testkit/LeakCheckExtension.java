package dev.sluice.testkit;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty reported a buffer leak while it ran. Registered for every test through
 * JUnit's extension auto-detection ({@code junit-platform.properties} in this jar).
 *
 * <p>Leaks found before a test starts (left over by an earlier test whose buffers were collected
 * late) are reported against the earlier test's class in {@link #beforeAll}; the test at hand is
 * not blamed for them.
 */
public final class LeakCheckExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    requireInstalled();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    List<String> earlier = LeakCheck.collectLeaks();
    if (!earlier.isEmpty()) {
      throw new AssertionError(
          "Netty reported " + earlier.size() + " leak(s) caused before " + context.getDisplayName()
              + " started (an earlier test or a server it left running):\n" + String.join("\n", earlier));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getTags().contains(LeakCheckExtension.EXPECTS_LEAK_TAG)) {
      return;
    }
    failOnLeaks(context.getDisplayName());
  }

  /** Throws an {@link AssertionError} listing every leak reported since the last check. */
  static void failOnLeaks(String testName) {
    List<String> leaks = LeakCheck.collectLeaks();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          "Netty reported " + leaks.size() + " leak(s) during " + testName + ":\n"
              + String.join("\n", leaks));
    }
  }

  /** Tests tagged with this check the detector themselves and must drain what they caused. */
  public static final String EXPECTS_LEAK_TAG = "expects-leak";

  private static void requireInstalled() {
    if (!FailingLeakDetector.installed()) {
      throw new IllegalStateException(
          "Tests must run with -Dio.netty.customResourceLeakDetector="
              + FailingLeakDetector.class.getName()
              + " -Dio.netty.leakDetection.level=paranoid (the parent pom's surefire argLine sets both)");
    }
  }
}
