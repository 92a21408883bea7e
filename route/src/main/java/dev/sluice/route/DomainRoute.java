package dev.sluice.route;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where mail for one domain goes, as found now.
 *
 * @param domain the domain (A-labels)
 * @param kind how the hosts were found, or why there are none
 * @param hosts the usable hosts, by preference (equal preferences are shuffled per connection);
 *     empty when mail cannot go anywhere
 * @param port the SMTP port
 * @param transientFailure when there are no hosts: true if asking again later may help (SERVFAIL,
 *     timeout), false if not (NXDOMAIN, null MX, only private addresses)
 * @param problem when there are no hosts, why; else null
 * @param notes what was skipped on the way (an MX that is an IP literal, a host with private
 *     addresses, an MX that is an alias)
 */
public record DomainRoute(String domain, Kind kind, List<MxHost> hosts, int port, boolean transientFailure,
    String problem, List<String> notes) {

  /** How a domain's hosts were found. */
  public enum Kind {
    /** From its MX records. */
    MX,
    /** It has no MX: its own addresses (RFC 5321 §5.1 implicit MX). */
    IMPLICIT_MX,
    /** A configured route (smarthost or per-domain relay) overrides DNS. */
    STATIC,
    /** The recipient's domain is an address literal ({@code [192.0.2.1]}). */
    ADDRESS_LITERAL,
    /** RFC 7505 null MX: the domain accepts no mail. */
    NULL_MX,
    /** No usable host (see {@link DomainRoute#problem()}). */
    UNROUTABLE
  }

  public DomainRoute {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(kind, "kind");
    hosts = List.copyOf(hosts);
    notes = List.copyOf(notes);
  }

  static DomainRoute failed(String domain, Kind kind, int port, boolean transientFailure, String problem,
      List<String> notes) {
    return new DomainRoute(domain, kind, List.of(), port, transientFailure, problem, notes);
  }

  public boolean deliverable() {
    return !hosts.isEmpty();
  }

  /**
   * The hosts as a set, e.g. {@code "10 mx1.example.com,20 mx2.example.com"}: domains with the same
   * set go to one destination and share one transaction per message (as Postfix does).
   */
  public String hostSet() {
    return hosts.stream().map(h -> h.preference() + " " + h.name()).sorted().collect(Collectors.joining(","));
  }
}
