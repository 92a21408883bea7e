package dev.sluice.client.probe;

import dev.sluice.client.ConnectionLostException;
import dev.sluice.client.Credentials;
import dev.sluice.client.SessionInfo;
import dev.sluice.client.SmtpAuthenticationException;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpException;
import dev.sluice.client.SmtpPhase;
import dev.sluice.client.SmtpTimeoutException;
import dev.sluice.client.SmtpTlsException;
import dev.sluice.client.TlsInfo;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.probe.ProbeStep.Check;
import dev.sluice.client.probe.SetupRecorder.Event;
import dev.sluice.codec.EhloCapabilities;
import dev.sluice.codec.SmtpReply;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns one run of the client's session setup — what the {@link SetupRecorder} heard, and how the
 * setup ended — into the probe's checks from connect to login. Each check reached gets its own
 * time; the first one not reached gets the client's error (explained further where a mistake is
 * common: the wrong TLS mode for the port); the rest are left to be skipped.
 */
final class SetupVerdicts {

  private final SmtpClientConfig config;
  private final SetupRecorder recorder;
  private final SessionInfo info;
  private final SmtpException error;
  private final long ended;
  private final Duration timeout;
  private final StepList steps;

  SetupVerdicts(SmtpClientConfig config, SetupRecorder recorder, SessionInfo info, SmtpException error, long ended,
      Duration timeout, StepList steps) {
    this.config = config;
    this.recorder = recorder;
    this.info = info;
    this.error = error;
    this.ended = ended;
    this.timeout = timeout;
    this.steps = steps;
  }

  void judge() {
    if (!connect()) {
      return;
    }
    TlsMode mode = config.tlsMode();
    if (mode == TlsMode.IMPLICIT) {
      if (!tls(recorder.connected().at()) || !banner(recorder.tls().at()) || !ehlo()) {
        return;
      }
    } else {
      if (!banner(recorder.connected().at()) || !ehlo()) {
        return;
      }
      if (mode != TlsMode.NONE && (!startTls() || (recorder.startTls() != null && !tls(recorder.startTls().at())))) {
        return;
      }
    }
    if (authMechanisms()) {
      login();
    }
  }

  private boolean connect() {
    Event<InetSocketAddress> c = recorder.connected();
    if (c != null) {
      steps.put(ProbeStep.pass(Check.CONNECT, since(recorder.started(), c.at()),
          "connected to " + c.value().getAddress().getHostAddress() + ":" + c.value().getPort(), List.of()));
      return true;
    }
    steps.put(failure(Check.CONNECT, since(recorder.started(), ended)));
    return false;
  }

  private boolean banner(long after) {
    Event<SmtpReply> g = recorder.greeting();
    if (g != null) {
      if (g.value().code() == 220) {
        steps.put(ProbeStep.pass(Check.BANNER, since(after, g.at()), g.value().toString(), List.of()));
        return true;
      }
      steps.put(ProbeStep.fail(Check.BANNER, since(after, g.at()), g.value().toString(), List.of(),
          error == null ? "" : error.hint(), error));
      return false;
    }
    // No greeting, then a timeout or a closed connection: an implicit-TLS port waits for our ClientHello.
    boolean silent = (error instanceof SmtpTimeoutException || error instanceof ConnectionLostException)
        && error.phase() == SmtpPhase.GREETING;
    if (silent && config.tlsMode() != TlsMode.IMPLICIT && peek().speaksTls()) {
      steps.put(ProbeStep.fail(Check.BANNER, since(after, ended), "no greeting within " + timeout.toSeconds()
              + " s: the port waits for a TLS handshake first (implicit TLS)", List.of(),
          "this port speaks TLS from the first byte (like 465): use --tls implicit, or the STARTTLS port (587)", error));
      return false;
    }
    steps.put(failure(Check.BANNER, since(after, ended)));
    return false;
  }

  private boolean ehlo() {
    Event<EhloCapabilities> e = recorder.firstEhlo();
    long after = recorder.greeting().at();
    if (e == null) {
      steps.put(failure(Check.EHLO, since(after, ended)));
      return false;
    }
    steps.put(ProbeStep.pass(Check.EHLO, since(after, e.at()), describe(e.value()),
        List.of("server name: " + e.value().domain())));
    return true;
  }

  private boolean startTls() {
    Event<SmtpReply> s = recorder.startTls();
    long after = recorder.cleartextEhlo().at();
    if (s != null) {
      steps.put(ProbeStep.pass(Check.STARTTLS, since(after, s.at()), s.value().toString(), List.of()));
      return true;
    }
    if (error == null) {
      // Opportunistic: no STARTTLS, and the session went on in cleartext.
      steps.put(ProbeStep.fail(Check.STARTTLS, null, "not offered or refused: the session went on in cleartext",
          List.of(), "a submission server should offer STARTTLS; check the port (587), or use --tls implicit on 465",
          null));
      for (Check c : List.of(Check.TLS, Check.CERTIFICATE_CHAIN, Check.HOST_NAME, Check.VALIDITY)) {
        steps.put(ProbeStep.skip(c, "no TLS: STARTTLS was not used", List.of(), ""));
      }
      return true;
    }
    steps.put(failure(Check.STARTTLS, since(after, ended)));
    return false;
  }

  private boolean tls(long after) {
    Event<TlsInfo> t = recorder.tls();
    boolean insecure = config.trust() instanceof TrustConfig.Insecure;
    if (t != null) {
      TlsInfo i = t.value();
      steps.put(ProbeStep.pass(Check.TLS, since(after, t.at()), i.protocol() + ", " + i.cipherSuite(),
          List.of("provider: " + i.provider())));
      new CertificateVerdicts(config.host(), i.peerCertificates(), Instant.now()).judge(steps, null, insecure);
      return true;
    }
    if (error instanceof SmtpTlsException e && CertificateVerdicts.CERTIFICATE_REASONS.contains(e.reason())) {
      certificateFailure(e, after);
      return false;
    }
    String summary = error == null ? "the TLS handshake did not complete" : error.getMessage();
    String hint = error == null ? "" : error.hint();
    if (config.tlsMode() == TlsMode.IMPLICIT && (answeredInCleartext(error) || error instanceof SmtpTimeoutException)) {
      SmtpReply greeting = peek().cleartextGreeting();
      if (greeting != null) {
        summary = "the port answered in cleartext SMTP, not TLS: " + greeting;
        hint = "this port speaks STARTTLS (or no TLS), not implicit TLS: use --tls starttls (submission: port 587)";
      }
    }
    steps.put(ProbeStep.fail(Check.TLS, since(after, ended), summary, List.of(), hint, error));
    return false;
  }

  /** The client refused the certificate: fetch it without verification to show it, and judge each check. */
  private void certificateFailure(SmtpTlsException e, long after) {
    UnverifiedPeek.Seen seen = null;
    try {
      seen = peek().tls(config.tlsMode() == TlsMode.IMPLICIT);
    } catch (IOException ignored) {
      // nothing to show: the checks say so
    }
    if (seen != null) {
      steps.put(ProbeStep.pass(Check.TLS, since(after, ended), seen.protocol() + ", " + seen.cipherSuite(),
          List.of("negotiated again without verification, only to show the certificate")));
      if (seen.afterTls() != null) {
        steps.put(ProbeStep.skip(Check.AUTH_MECHANISMS, "not checked: the certificate failed",
            List.of("the unverified connection was offered: " + authOffered(seen.afterTls())), ""));
      }
    } else {
      steps.put(ProbeStep.skip(Check.TLS, "the handshake stopped at the certificate", List.of(), ""));
    }
    new CertificateVerdicts(config.host(), seen == null ? List.of() : seen.chain(), Instant.now())
        .judge(steps, e, false);
  }

  private boolean authMechanisms() {
    TlsMode mode = config.tlsMode();
    Event<EhloCapabilities> caps = mode == TlsMode.NONE || (mode != TlsMode.IMPLICIT && recorder.tls() == null)
        ? recorder.cleartextEhlo() : recorder.tlsEhlo();
    // With STARTTLS the mechanisms come from the EHLO after the handshake; otherwise from the one EHLO.
    long after = recorder.tls() != null && mode != TlsMode.IMPLICIT ? recorder.tls().at() : -1;
    if (caps == null) {
      steps.put(failure(Check.AUTH_MECHANISMS, since(after, ended)));
      return false;
    }
    Duration elapsed = after < 0 ? null : since(after, caps.at());
    Set<String> offered = caps.value().authMechanisms();
    List<String> notes = notes(offered);
    if (error instanceof SmtpAuthenticationException a
        && a.reason() == SmtpAuthenticationException.Reason.NO_COMMON_MECHANISM) {
      steps.put(ProbeStep.fail(Check.AUTH_MECHANISMS, elapsed, a.getMessage(), notes, a.hint(), a));
      return false;
    }
    String where = recorder.tls() != null ? " after TLS" : " (in cleartext)";
    if (offered.isEmpty()) {
      steps.put(ProbeStep.fail(Check.AUTH_MECHANISMS, elapsed, "the server offers no AUTH" + where, notes,
          "submission needs AUTH: check the port (587 with STARTTLS, 465 with implicit TLS) and that AUTH is enabled",
          null));
      return false;
    }
    steps.put(ProbeStep.pass(Check.AUTH_MECHANISMS, elapsed, String.join(" ", offered) + where, notes));
    return true;
  }

  private void login() {
    if (!steps.has(Check.LOGIN)) {
      return;
    }
    Event<EhloCapabilities> last = recorder.tlsEhlo() != null ? recorder.tlsEhlo() : recorder.cleartextEhlo();
    Duration elapsed = since(last.at(), ended);
    if (info != null) {
      steps.put(ProbeStep.pass(Check.LOGIN, elapsed, "authenticated as " + info.authenticatedUser() + " with "
          + info.authMechanism() + " (no message sent)", List.of()));
    } else {
      steps.put(failure(Check.LOGIN, elapsed));
    }
  }

  /** What a user should know about the mechanisms on offer. */
  private List<String> notes(Set<String> offered) {
    List<String> notes = new ArrayList<>();
    if (config.credentials() instanceof Credentials.Password && offered.contains("XOAUTH2")) {
      notes.add("XOAUTH2 is offered: prefer an OAuth token (--oauth-token-env/-file/-command); Office 365 switches "
          + "basic authentication (passwords) off by default at the end of 2026");
    }
    if (config.credentials() != null) {
      notes.add("Sluice may use: " + String.join(" ", config.authMechanisms() != null ? config.authMechanisms()
          : config.credentials() instanceof Credentials.OAuth ? SmtpClientConfig.TOKEN_MECHANISMS
          : SmtpClientConfig.PASSWORD_MECHANISMS));
    }
    return notes;
  }

  private ProbeStep failure(Check check, Duration elapsed) {
    if (error == null) {
      return ProbeStep.fail(check, elapsed, "did not complete", List.of(), "", null);
    }
    return ProbeStep.fail(check, elapsed, error.getMessage(), List.of(), error.hint(), error);
  }

  private UnverifiedPeek peek() {
    return new UnverifiedPeek(recorder.connected().value(), config.host(), config.heloName(), timeout);
  }

  private static boolean answeredInCleartext(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NotSslRecordException) {
        return true;
      }
    }
    return false;
  }

  private static String authOffered(EhloCapabilities caps) {
    Set<String> m = caps.authMechanisms();
    return m.isEmpty() ? "no AUTH" : "AUTH " + String.join(" ", m);
  }

  /** EHLO keywords with their parameters, e.g. "SIZE 10240000, PIPELINING, AUTH PLAIN LOGIN". */
  static String describe(EhloCapabilities caps) {
    if (caps.keywords().isEmpty()) {
      return "no ESMTP extensions";
    }
    List<String> parts = new ArrayList<>();
    for (String k : caps.keywords()) {
      List<String> p = caps.parameters(k);
      parts.add(p.isEmpty() ? k : k + " " + String.join(" ", p));
    }
    return String.join(", ", parts);
  }

  private static Duration since(long from, long to) {
    return from < 0 ? null : SetupRecorder.between(from, to);
  }
}
