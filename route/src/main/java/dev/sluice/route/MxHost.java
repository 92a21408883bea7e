package dev.sluice.route;

import java.net.InetAddress;
import java.util.List;

/**
 * One host mail for a domain can go to, with its usable addresses in the order they are tried.
 *
 * @param name the host name (SNI and certificate checks use it)
 * @param preference its MX preference (0 for an implicit MX or a static route)
 * @param addresses its addresses, already filtered by policy (private space) and ordered by family
 */
public record MxHost(String name, int preference, List<InetAddress> addresses) {

  public MxHost {
    addresses = List.copyOf(addresses);
  }
}
