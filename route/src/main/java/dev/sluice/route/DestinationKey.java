package dev.sluice.route;

import dev.sluice.route.tls.TlsPolicy;
import java.util.Locale;

/**
 * What makes a destination: its host set, port and TLS policy, and the domain when that domain has
 * limits of its own. Domains with equal keys share one pool, and a message's recipients in them
 * share one transaction (as Postfix groups by next hop).
 *
 * @param hostSet the MX hosts with their preferences ({@link DomainRoute#hostSet()})
 * @param port the SMTP port
 * @param tls the TLS policy level
 * @param ruleDomain the domain whose own shaping rule applies, or "" when none does
 */
public record DestinationKey(String hostSet, int port, TlsPolicy.Level tls, String ruleDomain) {

  @Override
  public String toString() {
    return "[" + hostSet + "]:" + port + " tls=" + tls.name().toLowerCase(Locale.ROOT).replace('_', '-')
        + (ruleDomain.isEmpty() ? "" : " rule=" + ruleDomain);
  }
}
