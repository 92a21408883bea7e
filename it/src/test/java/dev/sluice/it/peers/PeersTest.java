package dev.sluice.it.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The harness's own rules, without any server. */
class PeersTest {

  private static final String LINE = Peers.line(Exim.NAME, "/opt/x/exim4 not found",
      Peers.INSTALL_HINT);

  @Test
  void theLineNamesPeerProblemAndFix() {
    assertThat(LINE).isEqualTo("exim peer unavailable: /opt/x/exim4 not found; install the peers"
        + " with `sudo .ci/install-peers.sh`");
  }

  @Test
  void aMissingPeerIsSkippedWithOneLine() {
    assertThatThrownBy(() -> Peers.skipOrFail(LINE, false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage(LINE + " (skipped; with CI=true this fails)");
  }

  @Test
  void aMissingPeerFailsUnderCi() {
    assertThatThrownBy(() -> Peers.skipOrFail(LINE, true))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage("CI=true, so a missing peer fails the test: " + LINE)
        .hasMessageNotContaining("\n");
  }

  @Test
  void theConditionDisablesOrFailsForAMissingPeerAndEnablesForPresentOnes() {
    String missing = "/nonexistent/exim4";
    String previous = System.getProperty("sluice.exim");
    System.setProperty("sluice.exim", missing);
    try {
      if (System.getenv("SLUICE_EXIM") == null) { // the environment variable would win
        ConditionEvaluationResult skipped =
            RequiresPeerCondition.evaluate(new String[] {Exim.NAME}, false);
        assertThat(skipped.isDisabled()).isTrue();
        assertThat(skipped.getReason()).get().asString()
            .startsWith("exim peer unavailable: " + missing + " not found")
            .contains("sudo .ci/install-peers.sh").doesNotContain("\n");
        assertThatThrownBy(() -> RequiresPeerCondition.evaluate(new String[] {Exim.NAME}, true))
            .isInstanceOf(AssertionFailedError.class).hasMessageContaining("CI=true");
      }
    } finally {
      if (previous == null) {
        System.clearProperty("sluice.exim");
      } else {
        System.setProperty("sluice.exim", previous);
      }
    }
    assertThat(RequiresPeerCondition.evaluate(new String[0], true).isDisabled()).isFalse();
  }

  @Test
  void unknownPeerNamesAreRejected() {
    assertThatThrownBy(() -> Peers.unavailable("sendmail"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("known:");
  }

  @Test
  void anAvailableCheckPassesEvenUnderCi() {
    assertThatCode(() -> Peers.require(Exim.NAME, true, "whatever")).doesNotThrowAnyException();
  }

  @Test
  void eximBinaryDefaultsToTheInstallScriptsPath() {
    if (System.getenv("SLUICE_EXIM") == null && System.getProperty("sluice.exim") == null) {
      assertThat(Peers.eximBinary()).hasToString(Peers.DEFAULT_EXIM);
    }
  }

  @Test
  void rootIsDetectedFromTheProcessesUid() {
    assertThat(Peers.isRoot()).isEqualTo("root".equals(System.getProperty("user.name")));
  }

  @Test
  void freePortsAreDistinctHighBindableAndNeverHandedOutTwice() {
    int[] first = FreePorts.pick(20);
    int[] second = FreePorts.pick(20);
    int[] all = new int[40];
    System.arraycopy(first, 0, all, 0, 20);
    System.arraycopy(second, 0, all, 20, 20);
    assertThat(Arrays.stream(all).distinct().count()).isEqualTo(40);
    assertThat(Arrays.stream(all).boxed().toList())
        .allMatch(p -> p >= FreePorts.LOW && p <= FreePorts.HIGH)
        .allMatch(FreePorts::canBind);
  }
}
