package dev.sluice.cli;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.client.bulk.RetryPolicy;
import dev.sluice.route.MessageOutcome;
import dev.sluice.route.RecipientOutcome;
import dev.sluice.route.Router;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice send --mx}: each recipient delivered to its own domain's MX hosts, one line per
 * recipient saying how it ended, which host answered and what TLS achieved.
 */
final class MxSendOptions {

  @Option(names = "--mx", description = "Deliver to each recipient's own mail servers (MX lookup) instead of --host.")
  boolean enabled;

  @Mixin
  MxOptions mx;

  /**
   * Sends and reports. Exit code: 0 delivered to every recipient, 1 a recipient refused for good,
   * 3 a transient failure (connection, DNS, 4xx), 5 an unknown fate (reply lost after the data).
   */
  int send(Envelope envelope, MessageContent content, ConnectionOptions connection, PrintWriter out,
      PrintWriter err) {
    // A command line has no queue to come back to: a short retry, then the transient failure is reported.
    var config = mx.toConfig(connection, err).ioThreads(1)
        .retry(new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(5), 2)).build();
    try (Router router = Router.create(config)) {
      MessageOutcome o = router.submit(envelope, content).get();
      for (RecipientOutcome r : o.recipients()) {
        (r.status() == Outcome.Status.DELIVERED ? out : err).println(line(r));
      }
      out.flush();
      err.flush();
      if (o.status() == MessageOutcome.Status.DELIVERED) {
        return ExitCodes.OK;
      }
      if (!o.withStatus(Outcome.Status.REJECTED).isEmpty()) {
        return ExitCodes.REJECTED;
      }
      return o.withStatus(Outcome.Status.UNKNOWN).isEmpty() ? ExitCodes.CONNECTION : ExitCodes.TIMEOUT_OR_PROTOCOL;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("sluice: interrupted");
      return ExitCodes.TIMEOUT_OR_PROTOCOL;
    } catch (ExecutionException e) {
      return Failures.report(err, e.getCause());
    } finally {
      content.release();
    }
  }

  static String line(RecipientOutcome r) {
    StringBuilder sb = new StringBuilder(r.status().name().toLowerCase(java.util.Locale.ROOT)).append(' ')
        .append(r.recipient());
    if (r.mxHost() != null) {
      sb.append(" via ").append(r.mxHost());
      if (r.address() != null) {
        sb.append(" [").append(r.address().getHostAddress()).append(']');
      }
      if (r.tls() != null) {
        sb.append(" tls=").append(r.tls().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    if (r.reply() != null) {
      sb.append(": ").append(r.reply());
    }
    if (r.status() != Outcome.Status.DELIVERED && r.detail() != null) {
      sb.append(r.reply() != null ? " (" + r.detail() + ")" : ": " + r.detail());
    }
    return sb.toString().replaceAll("[\\r\\n]+", " ");
  }
}
