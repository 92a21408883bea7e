package dev.sluice.route;

import dev.sluice.route.dns.DnsLookupException;
import dev.sluice.route.dns.MailResolver;
import dev.sluice.route.dns.MxAnswer;
import dev.sluice.route.dns.MxRecord;
import dev.sluice.route.tls.TlsPolicy;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Finds where a domain's mail goes (RFC 5321 §5.1, RFC 7505): a static route if one is configured;
 * else its MX hosts and their addresses; no MX → the domain's own addresses (implicit MX); null MX
 * → no delivery. MX hosts that are IP literals (§5.1: the MX data "MUST contain a domain name") are
 * skipped; an MX that is an alias is followed (RFC 2181 §10.3 forbids it, but refusing would bounce
 * mail that every major MTA delivers) and noted. Addresses in private space are dropped unless
 * allowed.
 *
 * <p>Failures are kept apart: NXDOMAIN, a null MX, or hosts that all lack usable addresses are
 * permanent; a SERVFAIL or timeout anywhere that left no host is transient.
 */
public final class RouteResolver {

  private final MailResolver dns;
  private final RoutingRules rules;

  public RouteResolver(MailResolver dns, RoutingRules rules) {
    this.dns = dns;
    this.rules = rules;
  }

  public RoutingRules rules() {
    return rules;
  }

  /** The route of {@code domain} (A-labels, or an address literal); never fails, problems are in the route. */
  public CompletableFuture<DomainRoute> resolve(String domain) {
    StaticRoute fixed = rules.routeFor(domain);
    if (fixed != null) {
      return viaStatic(domain, fixed);
    }
    if (DomainNames.isAddressLiteral(domain)) {
      return CompletableFuture.completedFuture(literal(domain));
    }
    return dns.mx(domain).handle((answer, error) -> {
      if (error != null) {
        return CompletableFuture.completedFuture(failure(domain, unwrap(error), List.of()));
      }
      return fromMx(domain, answer, DomainRoute.Kind.MX, rules.port());
    }).thenCompose(f -> f);
  }

  private CompletableFuture<DomainRoute> viaStatic(String domain, StaticRoute route) {
    int port = route.port() > 0 ? route.port() : rules.port();
    if (!route.mxLookup()) {
      List<MxRecord> one = List.of(new MxRecord(0, route.host()));
      return hosts(domain, one, DomainRoute.Kind.STATIC, port, new ArrayList<>(), true);
    }
    return dns.mx(route.host()).handle((answer, error) -> {
      if (error != null) {
        return CompletableFuture.completedFuture(failure(domain, unwrap(error), List.of("via " + route)));
      }
      return fromMx(domain, answer, DomainRoute.Kind.STATIC, port);
    }).thenCompose(f -> f);
  }

  private DomainRoute literal(String domain) {
    String inner = domain.substring(1, domain.length() - 1);
    if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
      inner = inner.substring(5);
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(inner);
    if (bytes == null) {
      return DomainRoute.failed(domain, DomainRoute.Kind.UNROUTABLE, rules.port(), false,
          "the address literal " + domain + " is not an IP address", List.of());
    }
    InetAddress address = NetUtil.createInetAddressFromIpAddressString(inner);
    if (!rules.allowPrivate() && PrivateAddresses.isPrivate(address)) {
      return DomainRoute.failed(domain, DomainRoute.Kind.UNROUTABLE, rules.port(), false,
          "the address literal " + domain + " is in private or reserved space (allow it with --allow-private-mx)",
          List.of());
    }
    return new DomainRoute(domain, DomainRoute.Kind.ADDRESS_LITERAL,
        List.of(new MxHost(inner, 0, List.of(address))), rules.port(), false, null, List.of());
  }

  private CompletableFuture<DomainRoute> fromMx(String domain, MxAnswer answer, DomainRoute.Kind kind, int port) {
    List<String> notes = new ArrayList<>();
    if (!answer.canonicalName().equals(domain)) {
      notes.add(domain + " is an alias of " + answer.canonicalName());
    }
    if (answer.isNullMx()) {
      return CompletableFuture.completedFuture(DomainRoute.failed(domain, DomainRoute.Kind.NULL_MX, port, false,
          "the domain " + domain + " accepts no mail (null MX, RFC 7505)", notes));
    }
    if (answer.records().isEmpty()) {
      List<MxRecord> implicit = List.of(new MxRecord(0, answer.canonicalName()));
      return hosts(domain, implicit, kind == DomainRoute.Kind.MX ? DomainRoute.Kind.IMPLICIT_MX : kind, port, notes,
          true);
    }
    List<MxRecord> usable = new ArrayList<>();
    for (MxRecord r : answer.records()) {
      if (r.isNullMx()) {
        notes.add("ignored a null MX listed beside other MX records");
      } else if (NetUtil.isValidIpV4Address(r.exchange()) || NetUtil.isValidIpV6Address(r.exchange())) {
        notes.add("skipped MX " + r.exchange() + ": an MX must name a host, not an IP address (RFC 5321 §5.1)");
      } else {
        usable.add(r);
      }
    }
    return hosts(domain, usable, kind, port, notes, false);
  }

  /** Looks up every host's addresses at once and keeps the usable ones. */
  private CompletableFuture<DomainRoute> hosts(String domain, List<MxRecord> records, DomainRoute.Kind kind, int port,
      List<String> notes, boolean implicit) {
    if (records.isEmpty()) {
      return CompletableFuture.completedFuture(DomainRoute.failed(domain, DomainRoute.Kind.UNROUTABLE, port, false,
          "no usable MX host for " + domain, notes));
    }
    List<CompletableFuture<List<InetAddress>>> lookups = new ArrayList<>();
    for (MxRecord r : records) {
      lookups.add(addressesOf(r.exchange()));
    }
    return CompletableFuture.allOf(lookups.toArray(new CompletableFuture<?>[0])).handle((v, ignored) -> {
      List<MxHost> hosts = new ArrayList<>();
      boolean transientTrouble = false;
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        MxRecord r = records.get(i);
        CompletableFuture<List<InetAddress>> f = lookups.get(i);
        List<InetAddress> found;
        try {
          found = f.join();
        } catch (CompletionException e) {
          Throwable cause = unwrap(e);
          transientTrouble |= !(cause instanceof DnsLookupException d && d.isPermanent());
          problems.add(describe(cause));
          continue;
        }
        List<InetAddress> allowed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (InetAddress a : found) {
          if (rules.allowPrivate() || !PrivateAddresses.isPrivate(a)) {
            allowed.add(a);
          } else {
            refused.add(a.getHostAddress());
          }
        }
        if (!allowed.isEmpty() && !refused.isEmpty()) {
          notes.add("skipped " + String.join(", ", refused) + " of " + r.exchange() + ": private or reserved");
        }
        if (allowed.isEmpty()) {
          problems.add(r.exchange() + (refused.isEmpty() ? " has no address"
              : " has only private or reserved addresses (" + String.join(", ", refused)
                  + "; allowed only with --allow-private-mx)"));
        } else {
          hosts.add(new MxHost(r.exchange(), r.preference(), allowed));
        }
      }
      if (hosts.isEmpty()) {
        String what = implicit ? "no MX and no usable address for " + domain : "no usable MX host for " + domain;
        return DomainRoute.failed(domain, DomainRoute.Kind.UNROUTABLE, port, transientTrouble,
            what + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)), notes);
      }
      notes.addAll(problems); // hosts left out of a deliverable route
      return new DomainRoute(domain, kind, hosts, port, false, null, notes);
    });
  }

  private CompletableFuture<List<InetAddress>> addressesOf(String host) {
    if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
      return CompletableFuture.completedFuture(List.of(NetUtil.createInetAddressFromIpAddressString(host)));
    }
    return dns.addresses(host);
  }

  private DomainRoute failure(String domain, Throwable error, List<String> notes) {
    boolean permanent = error instanceof DnsLookupException d && d.isPermanent();
    String why = error instanceof DnsLookupException d && d.kind() == DnsLookupException.Kind.NXDOMAIN
        ? "the domain " + d.name() + " does not exist (NXDOMAIN)" : describe(error);
    return DomainRoute.failed(domain, DomainRoute.Kind.UNROUTABLE, rules.port(), !permanent, why, notes);
  }

  private static String describe(Throwable t) {
    return t instanceof DnsLookupException ? t.getMessage() : String.valueOf(t);
  }

  /**
   * The route with only the MX hosts the policy allows (MTA-STS {@code mx:} patterns, DANE hosts).
   * None left is a transient failure (RFC 8461 §5.1: the policy may be fixed, or the MX set).
   */
  static DomainRoute restrict(DomainRoute route, TlsPolicy tls) {
    if (!route.deliverable() || tls.allowedMx().isEmpty()) {
      return route;
    }
    List<MxHost> kept = new ArrayList<>();
    List<String> notes = new ArrayList<>(route.notes());
    for (MxHost h : route.hosts()) {
      if (tls.allows(h.name())) {
        kept.add(h);
      } else {
        notes.add("skipped MX " + h.name() + ": not allowed by the " + tls.source() + " policy");
      }
    }
    if (kept.isEmpty()) {
      return DomainRoute.failed(route.domain(), DomainRoute.Kind.UNROUTABLE, route.port(), true,
          "the " + tls.source() + " policy allows none of the MX hosts (" + route.hostSet() + ")", notes);
    }
    return new DomainRoute(route.domain(), route.kind(), kept, route.port(), false, null, notes);
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
