package dev.sluice.cli;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.RecipientResult;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpRejectedException;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.TextMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sluice send}: one message, with every server decision reported and mapped to an exit code. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Send one message.", "",
        "Exit codes: 0 accepted for every recipient, 1 rejected (a recipient or the data), 2 usage or invalid "
            + "input, 3 connection or TLS failure, 4 authentication failure, 5 timeout or protocol violation."},
    footer = {"", "Examples:",
        "  sluice send --profile office365 --user me@contoso.com \\",
        "      --oauth-token-command get-o365-token \\",
        "      --from me@contoso.com --to you@example.org --eml message.eml",
        "  PASS=... sluice send --host smtp.example.com --user me@example.com --password-env PASS \\",
        "      --from me@example.com --to you@example.org --subject hi --body hello",
        "Office 365 switches basic authentication (passwords) off by default at the end of 2026: use an OAuth "
            + "token (XOAUTH2)."})
final class SendCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--host", paramLabel = "H", description = "SMTP server host name (required unless --profile names one).")
  String host;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  MxSendOptions mx;

  @Mixin
  DkimOptions dkim;

  @Option(names = "--from", required = true, paramLabel = "ADDR", description = "Envelope sender (and From header).")
  String from;

  @Option(names = "--to", required = true, paramLabel = "ADDR", split = ",",
      description = "Recipient; repeat the option or separate addresses with commas.")
  List<String> to;

  @Option(names = "--subject", paramLabel = "S", defaultValue = "", description = "Subject (with --body/--body-file).")
  String subject;

  @ArgGroup(exclusive = true)
  Body body;

  static final class Body {
    @Option(names = "--body", paramLabel = "TEXT", description = "Message text; headers are generated.")
    String text;

    @Option(names = "--body-file", paramLabel = "F", description = "Message text from a file; headers are generated.")
    Path textFile;

    @Option(names = "--eml", paramLabel = "F",
        description = "The complete message (headers and body) from a file, sent as is after line-ending "
            + "normalisation and dot-stuffing.")
    Path eml;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      String server = connection.host(host);
      if (mx.enabled && host != null) {
        throw new UsageException("--mx and --host exclude each other: --mx finds each recipient's servers");
      }
      if (server == null && !mx.enabled) {
        throw new UsageException(
            "--host is required (or --profile office365); --mx delivers to each recipient's own servers");
      }
      List<String> recipients = new ArrayList<>();
      for (String r : to) {
        if (!r.isBlank()) {
          recipients.add(r.strip());
        }
      }
      Envelope envelope = Envelope.of(from, recipients);
      MessageContent content = dkim.sign(content(recipients));
      if (mx.enabled) {
        return mx.send(envelope, content, connection, out, err);
      }
      SmtpClientConfig.Builder config = connection.toConfig(server);
      if (connection.trace) {
        config.trace(new StderrTrace(err));
      }
      try (SmtpClient client = SmtpClient.create(config.ioThreads(1).build())) {
        SmtpSession session = client.connect().join();
        try {
          SendResult result = session.send(envelope, content).join();
          return report(out, err, result);
        } finally {
          content.release();
          session.quit().exceptionally(e -> null).join();
        }
      }
    } catch (RuntimeException e) {
      Throwable t = Failures.unwrap(e);
      if (t instanceof SmtpRejectedException r && r.result() != null) {
        printRecipients(err, r.result());
      }
      return Failures.report(err, e);
    }
  }

  private MessageContent content(List<String> recipients) {
    try {
      if (body != null && body.eml != null) {
        if (!Files.isReadable(body.eml)) {
          throw new UsageException("--eml " + body.eml + " is not a readable file");
        }
        return MessageContent.of(Files.readAllBytes(body.eml));
      }
      String text = body == null ? "" : body.text != null ? body.text : Files.readString(body.textFile);
      return MessageContent.of(TextMessage.of(from, recipients, subject, text).render());
    } catch (IOException e) {
      throw new UsageException("cannot read the message: " + e.getMessage());
    }
  }

  private static int report(PrintWriter out, PrintWriter err, SendResult result) {
    List<RecipientResult> rejected = result.rejectedRecipients();
    out.println("accepted for " + result.acceptedRecipients().size() + " of " + result.recipients().size()
        + " recipient(s): " + result.dataReply());
    out.flush();
    if (!rejected.isEmpty()) {
      printRecipients(err, result);
      return ExitCodes.REJECTED;
    }
    return ExitCodes.OK;
  }

  private static void printRecipients(PrintWriter err, SendResult result) {
    for (RecipientResult r : result.rejectedRecipients()) {
      err.println("rejected " + r.address() + ": " + r.reply());
    }
    err.flush();
  }
}
