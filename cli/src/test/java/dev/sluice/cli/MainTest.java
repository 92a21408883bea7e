package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void helpExitsZero() {
    assertThat(Main.run("--help")).isEqualTo(ExitCodes.OK);
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(Main.run("--no-such-option")).isEqualTo(ExitCodes.USAGE);
  }
}
