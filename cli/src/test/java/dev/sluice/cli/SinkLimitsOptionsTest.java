package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sink.Limits;
import dev.sluice.sink.SmtpSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sluice sink}'s limit options reach the sink's configuration, and bad values are usage errors. */
class SinkLimitsOptionsTest {

  @Test
  void theOptionsSetTheSinksLimits() {
    SinkLimitsOptions options = new SinkLimitsOptions();
    new CommandLine(options).parseArgs("--idle-timeout", "7", "--max-connections", "50", "--max-connections-per-ip",
        "5", "--max-message-size", "2048", "--max-recipients", "12");

    Limits limits = options.apply(SmtpSink.builder()).config().limits();

    assertThat(limits.idleTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(limits.writeTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(limits.maxConnections()).isEqualTo(50);
    assertThat(limits.maxConnectionsPerIp()).isEqualTo(5);
    assertThat(limits.maxMessageSize()).isEqualTo(2048);
    assertThat(limits.maxRecipients()).isEqualTo(12);
  }

  @Test
  void unsetOptionsKeepTheDefaults() {
    assertThat(new SinkLimitsOptions().apply(SmtpSink.builder()).config().limits()).isEqualTo(Limits.DEFAULT);
  }

  @Test
  void aBadLimitIsAUsageError() {
    CommandLine cli = SluiceCommand.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));

    int exit = cli.execute("sink", "--port", "0", "--max-recipients", "0");

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("maxRecipients must be positive");
  }
}
