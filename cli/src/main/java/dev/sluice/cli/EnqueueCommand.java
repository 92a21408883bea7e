package dev.sluice.cli;

import com.rabbitmq.client.Connection;
import dev.sluice.amqp.BrokerUnreachableException;
import dev.sluice.amqp.QueuedMail;
import dev.sluice.amqp.SendQueue;
import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice enqueue}: publishes mails to the send queue with publisher confirms — from
 * {@code .eml} files or generated like {@code blast} (each with its own Message-ID, which is also
 * its request id) — and prints {@code enqueued=N seconds=S msgs_per_s=X}.
 */
@Command(name = "enqueue", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Put mails on the RabbitMQ send queue for `sluice worker` processes to send.",
        "Every mail is confirmed by the broker before it counts. Ends with: enqueued=N seconds=S msgs_per_s=X"},
    footer = {"", "Exit codes: 0 all enqueued, 2 usage, 3 broker unreachable or a mail not confirmed."})
final class EnqueueCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  AmqpOptions amqp;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--eml", paramLabel = "FILE|DIR",
        description = "An RFC 5322 message file, or a directory of *.eml files (each gets a random request id).")
    Path eml;

    @Option(names = "--messages", paramLabel = "N", description = "Generate N messages (request id = Message-ID).")
    Long messages;
  }

  @Option(names = "--size", paramLabel = "B", defaultValue = "1024", description = "Size of generated messages (default 1024).")
  int size;

  @Option(names = "--from", paramLabel = "A", required = true, description = "Envelope sender (MAIL FROM).")
  String from;

  @Option(names = "--to", paramLabel = "B", required = true, split = ",", description = "Recipients (RCPT TO), comma-separated.")
  List<String> to;

  @Option(names = "--window", paramLabel = "N", defaultValue = "1000",
      description = "Mails published and not yet confirmed at most (default 1000).")
  int window;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Envelope envelope;
    List<Path> files;
    try {
      if (size < 64 || window < 1 || (source.messages != null && source.messages < 1)) {
        throw new UsageException("--messages and --window must be >= 1, --size >= 64");
      }
      envelope = Envelope.of(from, to);
      files = source.eml == null ? List.of() : emlFiles(source.eml);
    } catch (UsageException | IllegalArgumentException e) {
      return Failures.report(err, e);
    }
    try (Connection c = amqp.broker().connect("sluice-enqueue");
        SendQueue queue = SendQueue.open(c, amqp.topology(null), window)) {
      long t0 = System.nanoTime();
      long n = source.eml != null ? publishFiles(queue, envelope, files) : publishGenerated(queue, envelope);
      queue.flush(Duration.ofMinutes(5));
      double seconds = (System.nanoTime() - t0) / 1e9;
      out.printf("enqueued=%d seconds=%.3f msgs_per_s=%.1f%n", n, seconds, n / Math.max(seconds, 1e-9));
      out.flush();
      return ExitCodes.OK;
    } catch (BrokerUnreachableException e) {
      err.println("sluice: " + e.getMessage());
      err.flush();
      return ExitCodes.CONNECTION;
    } catch (UsageException e) {
      return Failures.report(err, e);
    } catch (IOException | TimeoutException e) {
      err.println("sluice: not every mail was confirmed by the broker: " + e.getMessage()
          + "; enqueue them again (a repeated request id shows up as a duplicate outcome)");
      err.flush();
      return ExitCodes.CONNECTION;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("sluice: interrupted");
      return ExitCodes.TIMEOUT_OR_PROTOCOL;
    }
  }

  private long publishGenerated(SendQueue queue, Envelope envelope) throws IOException, InterruptedException {
    MessageGenerator generator = new MessageGenerator(from, to.get(0), size);
    for (long i = 0; i < source.messages; i++) {
      MessageContent m = generator.message(i);
      byte[] bytes;
      ByteBuf data = ((MessageContent.InMemory) m).retainedData();
      try {
        bytes = ByteBufUtil.getBytes(data);
      } finally {
        data.release();
        m.release();
      }
      queue.publish(QueuedMail.of(generator.messageId(i), envelope, bytes));
    }
    return source.messages;
  }

  private static long publishFiles(SendQueue queue, Envelope envelope, List<Path> files)
      throws IOException, InterruptedException {
    for (Path f : files) {
      queue.publish(QueuedMail.of(UUID.randomUUID().toString(), envelope, Files.readAllBytes(f)));
    }
    return files.size();
  }

  private static List<Path> emlFiles(Path p) {
    if (Files.isRegularFile(p)) {
      return List.of(p);
    }
    if (!Files.isDirectory(p)) {
      throw new UsageException("--eml " + p + " is neither a file nor a directory");
    }
    try (Stream<Path> s = Files.list(p)) {
      List<Path> files = new ArrayList<>(s.filter(f -> f.getFileName().toString().endsWith(".eml"))
          .filter(Files::isRegularFile).sorted().toList());
      if (files.isEmpty()) {
        throw new UsageException("--eml " + p + " holds no *.eml file");
      }
      return files;
    } catch (IOException e) {
      throw new UsageException("cannot read --eml " + p + ": " + e.getMessage());
    }
  }
}
