package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.client.bulk.PoolConfig;
import dev.sluice.route.DomainRoute;
import dev.sluice.route.MxHost;
import dev.sluice.route.RouteReport;
import dev.sluice.route.Router;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sluice route DOMAIN…}: where mail for each domain would go now — its MX hosts (or implicit
 * MX, static route, null MX), their addresses, the destination and pool limits it maps to, and what
 * was skipped on the way.
 */
@Command(name = "route", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Show where mail for each domain goes: MX hosts, addresses, destination and its limits.", "",
        "Exit codes: 0 every domain deliverable, 1 a domain refuses mail for good (NXDOMAIN, null MX, no usable "
            + "host), 3 a lookup failed for now (SERVFAIL, timeout)."},
    footer = {"", "Examples:", "  sluice route example.com gmail.com", "  sluice route --dns-server 127.0.0.1:5353 --json d1.test"})
final class RouteCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "DOMAIN", arity = "1..*", description = "Domains (Unicode names are converted to A-labels).")
  List<String> domains;

  @Option(names = "--json", description = "Print the routing table as JSON.")
  boolean json;

  @Mixin
  MxOptions mx;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Router router = Router.create(mx.toConfig(null, err).ioThreads(1).build())) {
      List<CompletableFuture<RouteReport>> lookups = new ArrayList<>();
      for (String d : domains) {
        lookups.add(router.route(d));
      }
      List<RouteReport> reports = new ArrayList<>();
      for (CompletableFuture<RouteReport> f : lookups) {
        reports.add(f.join());
      }
      if (json) {
        out.println(json(reports));
      } else {
        reports.forEach(r -> text(out, r));
      }
      out.flush();
      int code = ExitCodes.OK;
      for (RouteReport r : reports) {
        if (!r.route().deliverable()) {
          code = r.route().transientFailure() && code == ExitCodes.OK ? ExitCodes.CONNECTION : ExitCodes.REJECTED;
        }
      }
      return code;
    } catch (RuntimeException e) {
      Throwable t = Failures.unwrap(e);
      if (t instanceof IllegalArgumentException) {
        err.println("sluice: " + t.getMessage());
        return ExitCodes.USAGE;
      }
      return Failures.report(err, e);
    }
  }

  private static void text(PrintWriter out, RouteReport r) {
    DomainRoute route = r.route();
    String name = r.input().equals(route.domain()) ? route.domain() : r.input() + " (" + route.domain() + ")";
    out.println(name + "  " + route.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    for (MxHost h : route.hosts()) {
      out.println("  " + h.preference() + " " + h.name() + "  " + String.join(", ",
          h.addresses().stream().map(InetAddress::getHostAddress).toList()));
    }
    if (!route.deliverable()) {
      out.println("  " + (route.transientFailure() ? "transient: " : "permanent: ") + route.problem());
    } else {
      PoolConfig l = r.limits();
      out.println("  destination " + r.destination() + " (tls policy from " + r.tls().source() + ")");
      out.println("  limits connections=" + l.maxConnections() + " msgs_per_conn=" + l.maxMessagesPerConnection()
          + " msgs_per_s=" + rate(l.messagesPerSecond()) + " conns_per_s=" + rate(l.connectionsPerSecond())
          + " idle_s=" + l.idleTimeout().toSeconds());
    }
    for (String note : route.notes()) {
      out.println("  note: " + note);
    }
  }

  private static String rate(double r) {
    return r == 0 ? "unlimited" : String.format(Locale.ROOT, "%.1f", r);
  }

  private static String json(List<RouteReport> reports) {
    ObjectMapper m = new ObjectMapper();
    ArrayNode all = m.createArrayNode();
    for (RouteReport r : reports) {
      DomainRoute route = r.route();
      ObjectNode n = all.addObject();
      n.put("input", r.input());
      n.put("domain", route.domain());
      n.put("kind", route.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      n.put("deliverable", route.deliverable());
      n.put("port", route.port());
      ArrayNode hosts = n.putArray("hosts");
      for (MxHost h : route.hosts()) {
        ObjectNode hn = hosts.addObject();
        hn.put("name", h.name());
        hn.put("preference", h.preference());
        ArrayNode addrs = hn.putArray("addresses");
        h.addresses().forEach(a -> addrs.add(a.getHostAddress()));
      }
      if (!route.deliverable()) {
        n.put("failure", route.transientFailure() ? "transient" : "permanent");
        n.put("problem", route.problem());
      } else {
        n.put("destination", r.destination().toString());
        n.put("tls", r.tls().toString());
        ObjectNode l = n.putObject("limits");
        l.put("max_connections", r.limits().maxConnections());
        l.put("max_messages_per_connection", r.limits().maxMessagesPerConnection());
        l.put("messages_per_second", r.limits().messagesPerSecond());
        l.put("connections_per_second", r.limits().connectionsPerSecond());
        l.put("idle_timeout_s", r.limits().idleTimeout().toSeconds());
      }
      ArrayNode notes = n.putArray("notes");
      route.notes().forEach(notes::add);
    }
    return all.toString();
  }
}
