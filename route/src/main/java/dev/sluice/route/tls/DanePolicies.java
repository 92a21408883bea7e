package dev.sluice.route.tls;

import dev.sluice.route.DomainRoute;
import dev.sluice.route.MxHost;
import dev.sluice.route.dns.DnsLookupException;
import dev.sluice.route.dns.MailDns;
import dev.sluice.route.dns.TlsaRecord;
import dev.sluice.route.dns.Validated;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Decides whether a domain's mail is protected by DANE (RFC 7672 §2.2): only when its MX RRset was
 * validated (the AD bit from the user's validating resolver), and then per MX host only when the
 * host's address records and its TLSA RRset ({@code _PORT._tcp.HOST}) were validated too. A domain
 * where at least one host has usable TLSA records gets {@link TlsPolicy.Level#DANE}, restricted to
 * those hosts: a host that cannot be authenticated is not used as a fallback for one that can.
 *
 * <p>A TLSA lookup that fails (SERVFAIL from a bogus signature, a timeout) fails the whole policy:
 * the router treats it as a transient routing failure and retries, never delivering in cleartext
 * meanwhile (RFC 7672 §2.2.1).
 */
public final class DanePolicies {

  private final MailDns dns;

  public DanePolicies(MailDns dns) {
    this.dns = dns;
  }

  /** The DNS name of a host's TLSA records for {@code port} (RFC 6698 §3). */
  public static String tlsaName(String host, int port) {
    return "_" + port + "._tcp." + host;
  }

  /** DANE for {@code route}, or null when DANE does not apply (unsigned zone, no usable TLSA). */
  public CompletableFuture<TlsPolicy> policyFor(DomainRoute route) {
    if (!route.deliverable() || (route.kind() != DomainRoute.Kind.MX && route.kind() != DomainRoute.Kind.IMPLICIT_MX)) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Boolean> domainSecure = route.kind() == DomainRoute.Kind.MX
        ? dns.mxValidated(route.domain()).thenApply(Validated::secure)
        : dns.addressesSecure(route.domain());
    return domainSecure.thenCompose(secure -> {
      if (!secure) {
        return CompletableFuture.completedFuture(null);
      }
      List<CompletableFuture<List<TlsaRecord>>> perHost = new ArrayList<>();
      for (MxHost h : route.hosts()) {
        perHost.add(usableTlsa(h.name(), route.port()));
      }
      return CompletableFuture.allOf(perHost.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
        List<String> dane = new ArrayList<>();
        for (int i = 0; i < perHost.size(); i++) {
          if (!perHost.get(i).join().isEmpty()) {
            dane.add(route.hosts().get(i).name());
          }
        }
        return dane.isEmpty() ? null : new TlsPolicy(TlsPolicy.Level.DANE, "dane", dane, TlsPolicy.Type.TLSA);
      });
    });
  }

  /**
   * The usable TLSA records of {@code host}: empty when its addresses or its TLSA RRset are not
   * validated, or when it has none. Fails when the lookup fails.
   */
  public CompletableFuture<List<TlsaRecord>> usableTlsa(String host, int port) {
    return dns.addressesSecure(host).exceptionally(e -> false).thenCompose(secureHost -> {
      if (!secureHost) {
        return CompletableFuture.completedFuture(List.<TlsaRecord>of());
      }
      return dns.tlsaValidated(tlsaName(host, port)).thenApply(v -> v.secure() ? DaneVerifier.usable(v.value())
          : List.<TlsaRecord>of());
    });
  }

  /** True when {@code error} is a DNS failure worth retrying (SERVFAIL, timeout). */
  static boolean transientDns(Throwable error) {
    return error instanceof DnsLookupException d && !d.isPermanent();
  }
}
