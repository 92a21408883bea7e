/**
 * Test support shared by every Sluice module, on the test classpath only.
 *
 * <p>Why it exists: every test JVM runs Netty's leak detector at {@code PARANOID}, and a leak it
 * reports must fail the test that caused it, not scroll past in a log. {@link
 * dev.sluice.testkit.FailingLeakDetector} is installed through Netty's
 * {@code io.netty.customResourceLeakDetector} property (set in the parent pom's surefire
 * {@code argLine}); {@link dev.sluice.testkit.LeakCheckExtension} is auto-registered for every
 * JUnit Jupiter test and fails it when a leak was reported while it ran. The shared test vectors
 * ({@code /vectors/*.json}, copied from {@code shared/vectors}) are loaded by {@link
 * dev.sluice.testkit.Vectors}.
 *
 * <p>What it must never do: ship in a production artifact (every module depends on it with
 * {@code test} scope), or silence a leak report.
 */
package dev.sluice.testkit;
