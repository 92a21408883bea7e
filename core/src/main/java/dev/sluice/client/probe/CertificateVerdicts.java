package dev.sluice.client.probe;

import dev.sluice.client.SmtpPhase;
import dev.sluice.client.SmtpTlsException;
import dev.sluice.client.SmtpTlsException.Reason;
import dev.sluice.client.probe.ProbeStep.Check;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The three certificate checks — chain trusted, host name covered, every certificate valid by the
 * local clock — from the client's verdict where it has one, and from the chain itself where the
 * client stopped before a check (it checks validity, then trust, then the host name, and stops at
 * the first problem), or where {@code --insecure} turned its checks off.
 */
final class CertificateVerdicts {

  static final Set<Reason> CERTIFICATE_REASONS = Set.of(Reason.CERTIFICATE_EXPIRED, Reason.CERTIFICATE_NOT_YET_VALID,
      Reason.CERTIFICATE_UNTRUSTED, Reason.HOSTNAME_MISMATCH);

  private static final String UNVERIFIED = " (checked on the chain fetched without verification)";

  private final String host;
  private final List<X509Certificate> chain;
  private final Instant now;

  /** {@code chain} is the server's, leaf first; empty when it could not be fetched. */
  CertificateVerdicts(String host, List<X509Certificate> chain, Instant now) {
    this.host = host;
    this.chain = List.copyOf(chain);
    this.now = now;
  }

  /**
   * Judges the three checks into {@code steps}. {@code failure} is the client's certificate error,
   * null when the handshake passed; {@code insecure} says the client checked nothing.
   */
  void judge(StepList steps, SmtpTlsException failure, boolean insecure) {
    Reason reason = failure == null ? null : failure.reason();
    boolean verified = failure == null && !insecure;
    steps.put(chainStep(failure, reason, insecure));
    steps.put(hostStep(failure, reason, verified));
    steps.put(validityStep(failure, reason, verified));
  }

  private ProbeStep chainStep(SmtpTlsException failure, Reason reason, boolean insecure) {
    List<String> details = describeChain();
    if (reason == Reason.CERTIFICATE_UNTRUSTED) {
      return ProbeStep.fail(Check.CERTIFICATE_CHAIN, null, failure.getMessage(), details, failure.hint(), failure);
    }
    if (reason == Reason.CERTIFICATE_EXPIRED || reason == Reason.CERTIFICATE_NOT_YET_VALID) {
      return ProbeStep.skip(Check.CERTIFICATE_CHAIN, "not checked: the validity check, which comes first, failed",
          details, "");
    }
    if (insecure) {
      return ProbeStep.skip(Check.CERTIFICATE_CHAIN, "not checked: --insecure trusts any certificate", details,
          "pass the CA (or the server's certificate) with --ca-file, or trust the system's CAs, to check it");
    }
    X509Certificate last = chain.isEmpty() ? null : chain.get(chain.size() - 1);
    return ProbeStep.pass(Check.CERTIFICATE_CHAIN, null, "trusted: " + chain.size() + " certificate(s)"
        + (last == null ? "" : ", the last issued by " + last.getIssuerX500Principal().getName()), details);
  }

  private ProbeStep hostStep(SmtpTlsException failure, Reason reason, boolean verified) {
    if (reason == Reason.HOSTNAME_MISMATCH) {
      return ProbeStep.fail(Check.HOST_NAME, null, failure.getMessage(), List.of(), failure.hint(), failure);
    }
    if (chain.isEmpty()) {
      return verified ? ProbeStep.pass(Check.HOST_NAME, null, host + " is covered by the certificate", List.of())
          : ProbeStep.skip(Check.HOST_NAME, "not checked: no certificate to check", List.of(), "");
    }
    Optional<String> match = HostNameMatch.find(host, chain.get(0));
    if (verified) {
      return ProbeStep.pass(Check.HOST_NAME, null, host + " is covered by the certificate"
          + match.map(n -> " (" + n + ")").orElse(""), List.of());
    }
    if (match.isPresent()) {
      return ProbeStep.pass(Check.HOST_NAME, null, host + " matches " + match.get() + UNVERIFIED, List.of());
    }
    SmtpTlsException mismatch = new SmtpTlsException(Reason.HOSTNAME_MISMATCH, SmtpPhase.TLS_HANDSHAKE,
        "connected to " + host + ", the certificate names " + HostNameMatch.names(chain.get(0)), null);
    return ProbeStep.fail(Check.HOST_NAME, null, mismatch.getMessage() + UNVERIFIED, List.of(), mismatch.hint(),
        mismatch);
  }

  private ProbeStep validityStep(SmtpTlsException failure, Reason reason, boolean verified) {
    if (reason == Reason.CERTIFICATE_EXPIRED || reason == Reason.CERTIFICATE_NOT_YET_VALID) {
      return ProbeStep.fail(Check.VALIDITY, null, failure.getMessage(), List.of(), failure.hint(), failure);
    }
    if (chain.isEmpty()) {
      return verified ? ProbeStep.pass(Check.VALIDITY, null, "valid by the local clock (" + now + ")", List.of())
          : ProbeStep.skip(Check.VALIDITY, "not checked: no certificate to check", List.of(), "");
    }
    // The client checks validity before trust and the host name: if it got past it, it passed.
    boolean checkedByClient = verified || reason != null;
    SmtpTlsException outside = checkedByClient ? null : outsideValidity();
    if (outside != null) {
      return ProbeStep.fail(Check.VALIDITY, null, outside.getMessage() + UNVERIFIED, List.of(), outside.hint(),
          outside);
    }
    X509Certificate leaf = chain.get(0);
    long days = ChronoUnit.DAYS.between(now, leaf.getNotAfter().toInstant());
    return ProbeStep.pass(Check.VALIDITY, null, "every certificate is valid by the local clock (" + seconds(now)
        + "); the server's until " + seconds(leaf.getNotAfter().toInstant()) + " (" + days + " days left)"
        + (checkedByClient ? "" : UNVERIFIED), List.of());
  }

  /** The first certificate outside its validity period, as the client would have reported it. */
  private SmtpTlsException outsideValidity() {
    for (X509Certificate cert : chain) {
      Instant from = cert.getNotBefore().toInstant();
      Instant to = cert.getNotAfter().toInstant();
      String who = cert == chain.get(0) ? "the server's certificate"
          : "an issuer's certificate (" + cert.getSubjectX500Principal().getName() + ")";
      if (now.isBefore(from)) {
        return new SmtpTlsException(Reason.CERTIFICATE_NOT_YET_VALID, SmtpPhase.TLS_HANDSHAKE,
            who + " is valid from " + seconds(from) + " but the local clock says " + seconds(now), null);
      }
      if (now.isAfter(to)) {
        return new SmtpTlsException(Reason.CERTIFICATE_EXPIRED, SmtpPhase.TLS_HANDSHAKE,
            who + " expired at " + seconds(to) + " and the local clock says " + seconds(now), null);
      }
    }
    return null;
  }

  /** One line per certificate: subject, issuer, validity (and where the local clock stands). */
  private List<String> describeChain() {
    if (chain.isEmpty()) {
      return List.of("the chain could not be fetched for display");
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate c = chain.get(i);
      Instant from = c.getNotBefore().toInstant();
      Instant to = c.getNotAfter().toInstant();
      String state = now.isBefore(from) ? "NOT YET VALID" : now.isAfter(to) ? "EXPIRED" : "valid now";
      lines.add("#" + i + " subject " + c.getSubjectX500Principal().getName());
      lines.add("   issuer  " + c.getIssuerX500Principal().getName());
      lines.add("   valid   " + seconds(from) + " .. " + seconds(to) + " (" + state + ")"
          + (i == 0 ? "; names " + HostNameMatch.names(c) : ""));
    }
    return lines;
  }

  private static Instant seconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS);
  }
}
