package dev.sluice.route;

import dev.sluice.client.SetupListener;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpException;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.bulk.SmtpPool;
import dev.sluice.client.SmtpTlsException;
import dev.sluice.client.TlsInfo;
import dev.sluice.route.dns.TlsaRecord;
import dev.sluice.route.tls.CertificateCheck;
import dev.sluice.route.tls.DaneVerifier;
import dev.sluice.route.tls.TlsResultType;
import dev.sluice.route.tls.TlsPolicy;
import dev.sluice.route.tls.TlsVerdict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens one session to a destination: a permit from the global connection cap (and the shared
 * budget of its MX suffix, if any), then each MX host in turn — by preference, shuffled within
 * equal preference, hosts that failed recently last — until one gives a ready session. Any setup
 * failure (refused, timeout, 421 or other non-220 greeting, TLS failure) moves on to the next host;
 * when all failed, {@link DestinationUnreachableException} lists why.
 *
 * <p>Records for each session which host and address it reached and what its TLS achieved, so
 * that each recipient's outcome can name them.
 */
final class MxConnector implements SmtpPool.Connector {

  /** What a session reached. */
  record Reached(String host, InetAddress address, TlsVerdict tls, String tlsProblem) {}

  private final Router router;
  private final DestinationLane lane;
  private final ConcurrentHashMap<SmtpSession, Reached> sessions = new ConcurrentHashMap<>();

  MxConnector(Router router, DestinationLane lane) {
    this.router = router;
    this.lane = lane;
  }

  Reached reached(SmtpSession session) {
    return session == null ? null : sessions.get(session);
  }

  /** QUITs one session with nothing in flight; true if there was one. */
  boolean quitOneIdle() {
    for (SmtpSession s : sessions.keySet()) {
      if (s.isUsable() && s.inFlight() == 0 && sessions.remove(s) != null) {
        s.quit();
        return true;
      }
    }
    return false;
  }

  @Override
  public CompletableFuture<SmtpSession> connect() {
    List<ConnectionCap> caps = lane.caps();
    return acquire(caps, 0).thenCompose(v -> {
      List<MxHost> order = router.hostHealth().preferHealthy(MxOrder.connectOrder(lane.hosts(),
          ThreadLocalRandom.current()));
      CompletableFuture<SmtpSession> result = new CompletableFuture<>();
      tryHost(order, 0, new ArrayList<>(), true, result);
      return result.whenComplete((session, error) -> {
        if (error != null) {
          caps.forEach(ConnectionCap::release);
          lane.connectFailed();
        } else {
          lane.connected();
          session.closeFuture().whenComplete((x, y) -> {
            sessions.remove(session);
            caps.forEach(ConnectionCap::release);
          });
        }
      });
    });
  }

  private static CompletableFuture<Void> acquire(List<ConnectionCap> caps, int i) {
    if (i == caps.size()) {
      return CompletableFuture.completedFuture(null);
    }
    return caps.get(i).acquire().thenCompose(v -> acquire(caps, i + 1));
  }

  private void tryHost(List<MxHost> order, int i, List<String> failures, boolean allPermanent,
      CompletableFuture<SmtpSession> result) {
    if (i == order.size()) {
      result.completeExceptionally(new DestinationUnreachableException(lane.key().toString(), failures,
          allPermanent && !failures.isEmpty()));
      return;
    }
    MxHost host = order.get(i);
    TlsPolicy.Level level = lane.key().tls();
    if (level != TlsPolicy.Level.DANE) {
      connectTo(order, i, null, failures, allPermanent, result);
      return;
    }
    // DANE: the host's TLSA records now (from the DNS cache as a rule), before a byte is sent to it.
    router.danePolicies().usableTlsa(host.name(), lane.key().port()).whenComplete((tlsa, error) -> {
      if (error != null || tlsa.isEmpty()) {
        String why = error != null ? "TLSA lookup failed: " + unwrap(error).getMessage()
            : "no usable, validated TLSA records any more";
        report(host, null, error != null ? TlsResultType.DNSSEC_INVALID : TlsResultType.DANE_REQUIRED, why);
        failures.add(host.name() + ": DANE: " + why);
        tryHost(order, i + 1, failures, false, result);
      } else {
        connectTo(order, i, tlsa, failures, allPermanent, result);
      }
    });
  }

  private void connectTo(List<MxHost> order, int i, List<TlsaRecord> tlsa, List<String> failures,
      boolean allPermanent, CompletableFuture<SmtpSession> result) {
    MxHost host = order.get(i);
    TlsPolicy.Level level = lane.key().tls();
    SmtpClient client = router.clientFor(host.name(), lane.key().port(), level);
    InetAddress[] reached = new InetAddress[1];
    SetupListener listener = new SetupListener() {
      @Override
      public void connected(InetSocketAddress remote) {
        reached[0] = remote.getAddress();
      }
    };
    client.connect(host.addresses(), listener).whenComplete((session, error) -> {
      if (error == null) {
        String refusal = tlsa == null ? null : daneRefusal(session, host, tlsa, reached[0]);
        if (refusal != null) {
          // Nothing but EHLO (and STARTTLS) was sent; the message is not, and no weaker host is tried.
          session.close();
          failures.add(host.name() + (reached[0] != null ? " (" + reached[0].getHostAddress() + ")" : "") + ": "
              + refusal);
          tryHost(order, i + 1, failures, false, result);
          return;
        }
        router.hostHealth().succeeded(host.name());
        TlsVerdict verdict = verdict(session, host, level);
        if (tlsa == null) {
          reportSession(host, reached[0], session, verdict);
        }
        sessions.put(session, new Reached(host.name(), reached[0], verdict, null));
        if (!session.isUsable()) {
          sessions.remove(session);
        }
        result.complete(session);
        return;
      }
      Throwable cause = unwrap(error);
      router.hostHealth().failed(host.name());
      if (cause instanceof SmtpTlsException tls) {
        report(host, reached[0], resultType(tls), tls.getMessage());
      }
      // Only a server's own 5xx refusal is permanent; a TLS failure is the policy's to fix (RFC 7672
      // and Postfix defer, 4.7.5), a connection failure the network's.
      boolean permanent = cause instanceof dev.sluice.client.SmtpRejectedException e && !e.isTransient();
      failures.add(host.name() + (reached[0] != null ? " (" + reached[0].getHostAddress() + ")" : "") + ": "
          + cause.getMessage());
      tryHost(order, i + 1, failures, allPermanent && permanent, result);
    });
  }

  /** Why a DANE session must not carry mail (no TLS, or a certificate that matches no TLSA record); null if it may. */
  private String daneRefusal(SmtpSession session, MxHost host, List<TlsaRecord> tlsa, InetAddress ip) {
    TlsInfo tls = session.info().tls();
    if (tls == null) {
      report(host, ip, TlsResultType.STARTTLS_NOT_SUPPORTED, "TLSA records require STARTTLS, the server did not offer it");
      return "DANE: TLSA records require STARTTLS, and the session has none (not offered, or stripped on the way)";
    }
    DaneVerifier.Result r = DaneVerifier.verify(tlsa, tls.peerCertificates(), host.name());
    if (!r.matched()) {
      report(host, ip, TlsResultType.VALIDATION_FAILURE, r.detail());
      return "DANE: " + r.detail();
    }
    lane.policies().forEach((domain, policy) -> router.tlsReports().success(domain, policy));
    return null;
  }

  private void reportSession(MxHost host, InetAddress ip, SmtpSession session, TlsVerdict verdict) {
    if (lane.key().tls() == TlsPolicy.Level.NONE) {
      return;
    }
    if (verdict == TlsVerdict.NONE) {
      report(host, ip, TlsResultType.STARTTLS_NOT_SUPPORTED, "delivered in cleartext: no STARTTLS");
      return;
    }
    lane.policies().forEach((domain, policy) -> {
      if (verdict != TlsVerdict.VERIFIED && policy.type() == TlsPolicy.Type.STS) {
        // MTA-STS testing mode: delivered, but the failure is what the report is for (RFC 8461 §5).
        CertificateCheck.Result r = router.certificateCheck().check(session.info().tls(), host.name());
        router.tlsReports().failure(domain, policy, r.reason() != null && r.reason().contains("does not name")
            ? TlsResultType.CERTIFICATE_HOST_MISMATCH : TlsResultType.CERTIFICATE_NOT_TRUSTED, host.name(), ip,
            r.reason());
      } else {
        router.tlsReports().success(domain, policy);
      }
    });
  }

  private void report(MxHost host, InetAddress ip, TlsResultType type, String detail) {
    lane.policies().forEach((domain, policy) ->
        router.tlsReports().failure(domain, policy, type, host.name(), ip, detail));
  }

  private static TlsResultType resultType(SmtpTlsException e) {
    return switch (e.reason()) {
      case STARTTLS_NOT_OFFERED, STARTTLS_REFUSED -> TlsResultType.STARTTLS_NOT_SUPPORTED;
      case CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID -> TlsResultType.CERTIFICATE_EXPIRED;
      case CERTIFICATE_UNTRUSTED -> TlsResultType.CERTIFICATE_NOT_TRUSTED;
      case HOSTNAME_MISMATCH -> TlsResultType.CERTIFICATE_HOST_MISMATCH;
      default -> TlsResultType.VALIDATION_FAILURE;
    };
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  private TlsVerdict verdict(SmtpSession session, MxHost host, TlsPolicy.Level level) {
    if (session.info().tls() == null) {
      return TlsVerdict.NONE;
    }
    if (level == TlsPolicy.Level.REQUIRE_VERIFIED || level == TlsPolicy.Level.DANE) {
      return TlsVerdict.VERIFIED; // the handshake verified chain and name, or the TLSA records matched
    }
    CertificateCheck.Result r = router.certificateCheck().check(session.info().tls(), host.name());
    return r.verdict();
  }

  /** The destination this connector reaches, for the pool's log lines. */
  @Override
  public String toString() {
    return lane.key().toString();
  }
}
