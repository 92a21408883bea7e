package dev.sluice.testkit;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty reported a buffer leak while it ran. Registered for every test through
 * JUnit's extension auto-detection ({@code junit-platform.properties} in this jar).
 *
 * <p>After each test one garbage collection looks for the test's leaks; after each class three
 * more make sure nothing slipped through. A leak found before a test starts (a buffer of an
 * earlier test collected late, or dropped by a server an earlier test left running) fails that
 * test with a message saying so: the build fails either way.
 */
public final class LeakCheckExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  /** Tests tagged with this check the detector themselves and must drain what they caused. */
  public static final String EXPECTS_LEAK_TAG = "expects-leak";

  @Override
  public void beforeAll(ExtensionContext context) {
    requireInstalled();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    fail(LeakCheck.collectLeaks(0), "caused before " + context.getDisplayName()
        + " started (by an earlier test, or a server it left running)");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getTags().contains(EXPECTS_LEAK_TAG)) {
      return;
    }
    failOnLeaks(context.getDisplayName(), 1);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    failOnLeaks(context.getDisplayName(), 3);
  }

  /** Throws an {@link AssertionError} listing every leak reported since the last check. */
  static void failOnLeaks(String testName, int gcRounds) {
    fail(LeakCheck.collectLeaks(gcRounds), "during " + testName);
  }

  private static void fail(List<String> leaks, String when) {
    if (!leaks.isEmpty()) {
      throw new AssertionError("Netty reported " + leaks.size() + " leak(s) " + when + ":\n"
          + String.join("\n", leaks));
    }
  }

  private static void requireInstalled() {
    if (!FailingLeakDetector.installed()) {
      throw new IllegalStateException(
          "Tests must run with -Dio.netty.customResourceLeakDetector="
              + FailingLeakDetector.class.getName()
              + " -Dio.netty.leakDetection.level=paranoid (the parent pom's surefire argLine sets both)");
    }
  }
}
