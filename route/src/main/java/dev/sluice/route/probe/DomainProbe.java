package dev.sluice.route.probe;

import dev.sluice.client.SetupListener;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.TlsInfo;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TrustConfig;
import dev.sluice.route.MxHost;
import dev.sluice.route.RouteReport;
import dev.sluice.route.Router;
import dev.sluice.route.RouterConfig;
import dev.sluice.route.dns.TlsaRecord;
import dev.sluice.route.sts.StsCache;
import dev.sluice.route.tls.CertificateCheck;
import dev.sluice.route.tls.DanePolicies;
import dev.sluice.route.tls.DaneVerifier;
import dev.sluice.route.tls.TlsPolicy;
import dev.sluice.route.tls.TlsVerdict;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Probes one domain with a router's resolver, policies and trust (see the package description).
 * Blocking: for a command line, never for an event loop.
 */
public final class DomainProbe {

  /** One MX host. */
  public record MxReport(String host, int preference, List<String> addresses, boolean allowedByPolicy,
      boolean tlsaValidated, List<String> tlsa, Boolean tlsaMatches, boolean starttls, String tlsProtocol,
      String certificateSubject, String certificateIssuer, List<String> certificateNames, String certificateVerdict,
      String connectError, String verdict, boolean authenticated, boolean deliverable) {}

  /** The whole domain. */
  public record Report(String domain, String routeKind, boolean mxValidated, String problem, String policy,
      String policySource, String stsTxtId, String stsPolicy, String stsMode, List<String> stsMx, List<MxReport> mx,
      String verdict, boolean authenticated, boolean deliverable) {}

  private final Router router;
  private final RouterConfig config;
  private final EventLoopGroup group;
  private final long timeoutMillis;

  public DomainProbe(Router router, EventLoopGroup group, long timeoutMillis) {
    this.router = router;
    this.config = router.config();
    this.group = group;
    this.timeoutMillis = timeoutMillis;
  }

  public Report probe(String domain) throws Exception {
    // The route never fails (problems are in it) and is bounded by the DNS configuration's timeouts.
    RouteReport route = router.route(domain).get(2, TimeUnit.MINUTES);
    String ascii = route.route().domain();
    boolean mxSecure = false;
    try {
      mxSecure = router.dns().mxValidated(ascii).get(2, TimeUnit.MINUTES).secure();
    } catch (java.util.concurrent.ExecutionException e) {
      // the route's problem says why
    }
    String txtId = null;
    StsCache.Entry sts = null;
    if (router.mtaSts() != null) {
      // Bounded by the DNS timeouts and the fetch's own time limit; a failure is "no policy" (and reported).
      sts = router.mtaSts().current(ascii, false).get(5, TimeUnit.MINUTES);
      txtId = sts != null ? sts.id() : null;
    }
    TlsPolicy policy = route.tls();
    DanePolicies dane = new DanePolicies(router.dns());
    CertificateCheck check = new CertificateCheck(config.trust());
    List<MxReport> hosts = new ArrayList<>();
    List<MxHost> all = new ArrayList<>(route.route().hosts());
    for (MxHost h : all) {
      hosts.add(probeHost(h, policy, dane, check, route.route().port()));
    }
    boolean authenticated = !hosts.isEmpty() && hosts.stream().anyMatch(MxReport::authenticated);
    boolean deliverable = hosts.stream().anyMatch(MxReport::deliverable);
    String verdict;
    if (!route.route().deliverable()) {
      verdict = "broken: " + route.route().problem();
    } else if (authenticated) {
      verdict = "deliverable with authenticated TLS (" + (policy.level() == TlsPolicy.Level.DANE ? "DANE" : "MTA-STS")
          + ")";
    } else if (deliverable) {
      verdict = policy.level() == TlsPolicy.Level.OPPORTUNISTIC || policy.level() == TlsPolicy.Level.NONE
          ? "opportunistic TLS only (no DANE, no MTA-STS enforce)" : "deliverable";
    } else {
      verdict = "broken: no MX host can take mail under the " + policy.source() + " policy";
    }
    return new Report(ascii, route.route().kind().name().toLowerCase(java.util.Locale.ROOT), mxSecure,
        route.route().problem(), policy.toString(), policy.source(), txtId, sts == null ? null : sts.policy().text(),
        sts == null ? null : sts.policy().mode().name().toLowerCase(java.util.Locale.ROOT),
        sts == null ? List.of() : sts.policy().mx(), hosts, verdict, authenticated, deliverable);
  }

  private MxReport probeHost(MxHost h, TlsPolicy policy, DanePolicies dane, CertificateCheck check, int port)
      throws Exception {
    List<String> addresses = h.addresses().stream().map(InetAddress::getHostAddress).toList();
    boolean tlsaSecure = false;
    List<String> tlsaText = new ArrayList<>();
    List<TlsaRecord> usable = List.of();
    try {
      var v = router.dns().tlsaValidated(DanePolicies.tlsaName(h.name(), port)).get(2, TimeUnit.MINUTES);
      tlsaSecure = v.secure();
      v.value().forEach(r -> tlsaText.add(r.usage() + " " + r.selector() + " " + r.matchingType() + " "
          + HexFormat.of().formatHex(r.data())));
      usable = dane.usableTlsa(h.name(), port).get(2, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException e) {
      tlsaText.add("lookup failed: " + cause(e).getMessage());
    }
    SmtpClient client = SmtpClient.create(SmtpClientConfig.builder(h.name()).port(port)
        .tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC).trust(TrustConfig.insecure())
        .heloName(config.heloName() != null ? config.heloName() : "probe.invalid")
        .timeouts(config.timeouts()).build(), group);
    TlsInfo tls = null;
    String error = null;
    try {
      SmtpSession s = client.connect(h.addresses(), new SetupListener() {
        @Override
        public void connected(InetSocketAddress remote) {
          // addresses are reported from DNS
        }
      }).get(timeoutMillis * 3, TimeUnit.MILLISECONDS);
      tls = s.info().tls();
      s.quit().exceptionally(e -> null).get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      error = cause(e).getMessage();
    } finally {
      client.close();
    }
    Boolean matches = null;
    String subject = null;
    String issuer = null;
    List<String> names = List.of();
    String certVerdict = null;
    if (tls != null && !tls.peerCertificates().isEmpty()) {
      X509Certificate leaf = tls.peerCertificates().get(0);
      subject = leaf.getSubjectX500Principal().getName();
      issuer = leaf.getIssuerX500Principal().getName();
      names = names(leaf);
      CertificateCheck.Result r = check.check(tls, h.name());
      certVerdict = r.verdict() == TlsVerdict.VERIFIED ? "verified" : "unverified: " + r.reason();
      if (!usable.isEmpty()) {
        matches = DaneVerifier.verify(usable, tls.peerCertificates(), h.name()).matched();
      }
    }
    boolean allowed = policy.allows(h.name());
    boolean authenticated;
    boolean deliverable;
    String verdict;
    if (error != null) {
      authenticated = false;
      deliverable = false;
      verdict = "unreachable: " + error;
    } else if (policy.level() == TlsPolicy.Level.DANE) {
      authenticated = tls != null && Boolean.TRUE.equals(matches);
      deliverable = authenticated;
      verdict = usable.isEmpty() ? "not used: no usable validated TLSA records (DANE applies to other MX hosts)"
          : tls == null ? "broken: TLSA records require STARTTLS, none offered"
          : authenticated ? "authenticated (DANE)" : "broken: the certificate matches no TLSA record";
    } else if (policy.level() == TlsPolicy.Level.REQUIRE_VERIFIED) {
      authenticated = allowed && tls != null && "verified".equals(certVerdict);
      deliverable = authenticated;
      verdict = !allowed ? "not used: not listed by the " + policy.source() + " policy"
          : tls == null ? "broken: STARTTLS required, none offered"
          : authenticated ? "authenticated (" + policy.source() + ")" : "broken: " + certVerdict;
    } else {
      authenticated = false;
      deliverable = true;
      verdict = tls == null ? "cleartext only (no STARTTLS)"
          : "verified".equals(certVerdict) ? "opportunistic TLS, certificate verified"
          : "opportunistic TLS, encrypted but not authenticated";
    }
    return new MxReport(h.name(), h.preference(), addresses, allowed, tlsaSecure, tlsaText, matches, tls != null,
        tls == null ? null : tls.protocol() + " " + tls.cipherSuite(), subject, issuer, names, certVerdict, error,
        verdict, authenticated, deliverable);
  }

  private static List<String> names(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        cert.getSubjectAlternativeNames().forEach(n -> out.add(String.valueOf(n.get(1))));
      }
    } catch (java.security.cert.CertificateParsingException ignored) {
      // none
    }
    return out;
  }

  private static Throwable cause(Throwable t) {
    while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

}
