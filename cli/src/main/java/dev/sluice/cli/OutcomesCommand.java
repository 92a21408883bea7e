package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Connection;
import dev.sluice.amqp.BrokerUnreachableException;
import dev.sluice.amqp.OutcomeReader;
import dev.sluice.amqp.OutcomeRecord;
import dev.sluice.amqp.OutcomeTally;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice outcomes}: consumes the outcomes queue, counts each request id once, and prints
 * {@code outcomes=N delivered=D rejected=R failed=F unknown=U duplicates=K redelivered=X}.
 */
@Command(name = "outcomes", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Consume the outcomes of `sluice worker` (queue Q.outcomes) and print the totals, each request id "
        + "counted once.", "Ends with: outcomes=N delivered=D rejected=R failed=F unknown=U duplicates=K redelivered=X",
        "(duplicates: records beyond the first for a request id, listed on stderr; redelivered: records of mails "
            + "the broker redelivered). The records read are removed from the queue."},
    footer = {"", "Exit codes: 0 done (with --expect: N reached), 2 usage, 3 broker unreachable, 5 --expect not reached "
        + "in time."})
final class OutcomesCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  AmqpOptions amqp;

  @Option(names = "--expect", paramLabel = "N", defaultValue = "0",
      description = "Read until N distinct request ids have an outcome (default: until the queue is empty).")
  long expect;

  @Option(names = "--timeout-s", paramLabel = "S", defaultValue = "60", description = "Give up after S seconds (default 60).")
  long timeoutSeconds;

  @Option(names = "--ndjson", description = "Print every record as one JSON line (duplicates included) before the totals.")
  boolean ndjson;

  @Option(names = "--json", description = "Print the totals as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (expect < 0 || timeoutSeconds < 1) {
      return Failures.report(err, new UsageException("--expect must be >= 0 and --timeout-s >= 1"));
    }
    OutcomeTally tally;
    try (Connection c = amqp.broker().connect("sluice-outcomes")) {
      tally = OutcomeReader.read(c, amqp.topology(null), expect, Duration.ofSeconds(timeoutSeconds), r -> {
        if (ndjson) {
          out.println(r.toJsonLine());
        }
      }, problem -> err.println("sluice outcomes: " + problem));
    } catch (BrokerUnreachableException e) {
      err.println("sluice: " + e.getMessage());
      err.flush();
      return ExitCodes.CONNECTION;
    } catch (UsageException e) {
      return Failures.report(err, e);
    } catch (IOException e) {
      err.println("sluice: reading " + amqp.queue + ".outcomes failed: " + e.getMessage());
      err.flush();
      return ExitCodes.CONNECTION;
    }
    List<String> dups = tally.duplicateIds();
    if (!dups.isEmpty()) {
      err.println("sluice outcomes: " + dups.size() + " request ids had more than one outcome: "
          + String.join(" ", dups.subList(0, Math.min(dups.size(), 50))) + (dups.size() > 50 ? " …" : ""));
    }
    out.println(json ? json(tally, dups) : tally.line());
    out.flush();
    err.flush();
    if (expect > 0 && tally.outcomes() < expect) {
      err.println("sluice: " + tally.outcomes() + " of the " + expect + " expected outcomes arrived in " + timeoutSeconds
          + " s");
      err.flush();
      return ExitCodes.TIMEOUT_OR_PROTOCOL;
    }
    return ExitCodes.OK;
  }

  private static String json(OutcomeTally t, List<String> dups) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("outcomes", t.outcomes());
    for (OutcomeRecord.Status s : OutcomeRecord.Status.values()) {
      m.put(s.name().toLowerCase(java.util.Locale.ROOT), t.count(s));
    }
    m.put("duplicates", t.duplicates());
    m.put("redelivered", t.redelivered());
    m.put("duplicateIds", dups);
    return new ObjectMapper().writeValueAsString(m);
  }
}
