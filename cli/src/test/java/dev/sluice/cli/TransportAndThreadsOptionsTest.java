package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.TransportType;
import dev.sluice.sink.SmtpSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code blast --transport} and {@code sink --io-threads} reach the configuration; bad values are usage errors. */
class TransportAndThreadsOptionsTest {

  @Test
  void transportNamesAreReadAsUsersWriteThem() {
    TransportOption option = new TransportOption();
    new CommandLine(option).parseArgs("--transport", "io-uring");
    assertThat(option.apply(SmtpClientConfig.builder("localhost")).build().transport()).isEqualTo(TransportType.IO_URING);
    new CommandLine(option).parseArgs("--transport", "EPOLL");
    assertThat(option.transport).isEqualTo(TransportType.EPOLL);
    assertThat(new TransportOption().apply(SmtpClientConfig.builder("localhost")).build().transport())
        .isEqualTo(TransportType.AUTO);
  }

  @Test
  void anUnknownTransportIsAUsageErrorNamingTheChoices() {
    CommandLine cli = SluiceCommand.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));

    int exit = cli.execute("blast", "--tls", "none", "--transport", "kqueue", "--messages", "1");

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("'kqueue' is not a transport: use auto, nio, epoll or io_uring");
  }

  @Test
  void sinkIoThreadsSetTheSinksEventLoops() {
    SinkThreadsOption option = new SinkThreadsOption();
    new CommandLine(option).parseArgs("--io-threads", "1");
    assertThat(option.apply(SmtpSink.builder()).config().ioThreads()).isEqualTo(1);
    assertThat(new SinkThreadsOption().apply(SmtpSink.builder()).config().ioThreads())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void zeroSinkThreadsIsAUsageError() {
    CommandLine cli = SluiceCommand.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));

    int exit = cli.execute("sink", "--port", "0", "--io-threads", "0");

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--io-threads must be at least 1");
  }
}
