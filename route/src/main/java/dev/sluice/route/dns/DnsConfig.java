package dev.sluice.route.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link MailDns} asks.
 *
 * @param nameservers the recursive resolvers (or, in tests, an authoritative server) to ask; empty
 *     for the system's ({@code /etc/resolv.conf})
 * @param queryTimeout how long one query may take
 * @param attempts queries per question before a timeout is final (each goes to the next server)
 * @param maxTtl answers are kept at most this long, whatever their TTL
 * @param maxNegativeTtl "no such name" / "no such record" is kept at most this long (RFC 2308 §5:
 *     the SOA's MINIMUM, capped)
 * @param maxCachedAnswers answers kept at most (beyond that, new ones are not cached)
 * @param maxQueriesInFlight queries outstanding at once; more wait their turn (a burst of cold
 *     domains must not flood the resolver)
 * @param addressOrder which address family is tried first
 * @param udpPayload the largest UDP answer announced (EDNS0, RFC 6891); 512 turns EDNS0 off, so
 *     that larger answers come truncated and are asked again over TCP (RFC 7766)
 */
public record DnsConfig(List<InetSocketAddress> nameservers, Duration queryTimeout, int attempts, Duration maxTtl,
    Duration maxNegativeTtl, int maxCachedAnswers, int maxQueriesInFlight, AddressOrder addressOrder,
    int udpPayload) {

  /** Which addresses of a host are used, and in which order. */
  public enum AddressOrder {
    IPV4_FIRST, IPV6_FIRST, IPV4_ONLY, IPV6_ONLY
  }

  public static final DnsConfig DEFAULT = new DnsConfig(List.of(), Duration.ofSeconds(5), 3, Duration.ofDays(1),
      Duration.ofHours(1), 1_000_000, 64, AddressOrder.IPV4_FIRST, 4096);

  public DnsConfig {
    nameservers = List.copyOf(nameservers);
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    Objects.requireNonNull(maxTtl, "maxTtl");
    Objects.requireNonNull(maxNegativeTtl, "maxNegativeTtl");
    Objects.requireNonNull(addressOrder, "addressOrder");
    if (attempts < 1 || maxQueriesInFlight < 1 || maxCachedAnswers < 0) {
      throw new IllegalArgumentException("attempts and maxQueriesInFlight must be >= 1, maxCachedAnswers >= 0");
    }
    if (udpPayload < 512 || udpPayload > 65535) {
      throw new IllegalArgumentException("udpPayload must be 512-65535");
    }
    if (queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException("queryTimeout must be positive");
    }
  }

  public DnsConfig withNameservers(List<InetSocketAddress> servers) {
    return new DnsConfig(servers, queryTimeout, attempts, maxTtl, maxNegativeTtl, maxCachedAnswers,
        maxQueriesInFlight, addressOrder, udpPayload);
  }

  public DnsConfig withQueryTimeout(Duration d) {
    return new DnsConfig(nameservers, d, attempts, maxTtl, maxNegativeTtl, maxCachedAnswers, maxQueriesInFlight,
        addressOrder, udpPayload);
  }

  public DnsConfig withAttempts(int n) {
    return new DnsConfig(nameservers, queryTimeout, n, maxTtl, maxNegativeTtl, maxCachedAnswers, maxQueriesInFlight,
        addressOrder, udpPayload);
  }

  public DnsConfig withMaxQueriesInFlight(int n) {
    return new DnsConfig(nameservers, queryTimeout, attempts, maxTtl, maxNegativeTtl, maxCachedAnswers, n,
        addressOrder, udpPayload);
  }

  public DnsConfig withAddressOrder(AddressOrder order) {
    return new DnsConfig(nameservers, queryTimeout, attempts, maxTtl, maxNegativeTtl, maxCachedAnswers,
        maxQueriesInFlight, order, udpPayload);
  }

  public DnsConfig withUdpPayload(int bytes) {
    return new DnsConfig(nameservers, queryTimeout, attempts, maxTtl, maxNegativeTtl, maxCachedAnswers,
        maxQueriesInFlight, addressOrder, bytes);
  }

  /**
   * Parses {@code HOST[:PORT]} or {@code [IPV6]:PORT} (port 53 by default) into a nameserver address.
   * The host must be an IP address: a nameserver found by name would need DNS to find DNS.
   */
  public static InetSocketAddress parseNameserver(String spec) {
    String host = spec.trim();
    int port = 53;
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      if (end < 0) {
        throw new IllegalArgumentException("nameserver " + spec + ": missing ']'");
      }
      if (end + 1 < host.length()) {
        port = port(spec, host.substring(end + 1));
      }
      host = host.substring(1, end);
    } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') > 0) {
      port = port(spec, host.substring(host.indexOf(':')));
      host = host.substring(0, host.indexOf(':'));
    }
    if (!isIpLiteral(host)) {
      throw new IllegalArgumentException("nameserver " + spec + ": give an IP address (e.g. 127.0.0.1:5353), not a name");
    }
    return new InetSocketAddress(io.netty.util.NetUtil.createInetAddressFromIpAddressString(host), port);
  }

  private static int port(String spec, String colonPort) {
    try {
      int p = Integer.parseInt(colonPort.substring(1));
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("nameserver " + spec + ": the port must be 1-65535");
    }
  }

  static boolean isIpLiteral(String s) {
    return io.netty.util.NetUtil.isValidIpV4Address(s) || io.netty.util.NetUtil.isValidIpV6Address(s);
  }
}
