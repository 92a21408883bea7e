package dev.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code sluice} command; the work is done by its subcommands. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A fast, safe, non-blocking SMTP client (and test sink).",
    subcommands = {SendCommand.class, BlastCommand.class, ProbeCommand.class, SinkCommand.class, RouteCommand.class,
        DkimCommand.class, EnqueueCommand.class, WorkerCommand.class, OutcomesCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 rejected, 2 usage, 3 connection/TLS, 4 authentication, 5 timeout/protocol."})
public final class SluiceCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** The configured command line, with usage errors mapped to exit code 2. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SluiceCommand());
    cli.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
    cli.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("sluice: " + ex.getMessage());
      c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
      return ExitCodes.USAGE;
    });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
