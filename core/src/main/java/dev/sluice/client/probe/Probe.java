package dev.sluice.client.probe;

import dev.sluice.client.ConnectionLostException;
import dev.sluice.client.SessionInfo;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpConnectException;
import dev.sluice.client.SmtpException;
import dev.sluice.client.SmtpPhase;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.Timeouts;
import dev.sluice.client.probe.ProbeStep.Check;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Walks the SMTP troubleshooting list against one server with one client configuration and
 * reports every check (see the package documentation). Immutable; {@link #run()} blocks (at most
 * a few step timeouts) and may be called again.
 *
 * <pre>{@code
 * ProbeReport report = Probe.of(Office365.config(credentials).build()).run();
 * System.out.print(TextReport.render(report));
 * if (!report.passed()) { ... report.firstProblem().get().hint() ... }
 * }</pre>
 */
public final class Probe {

  /** How long each step may take unless told otherwise: long enough for a slow greeting, short enough to wait for. */
  public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(10);

  private final SmtpClientConfig config;
  private final Duration stepTimeout;

  private Probe(SmtpClientConfig config, Duration stepTimeout) {
    this.config = Objects.requireNonNull(config, "config");
    if (stepTimeout.isNegative() || stepTimeout.isZero()) {
      throw new IllegalArgumentException("the step timeout must be positive: " + stepTimeout);
    }
    this.stepTimeout = stepTimeout;
  }

  /**
   * A probe of the server {@code config} names, with its TLS mode, trust, credentials and HELO name.
   * Its timeouts are replaced by the probe's step timeout: the RFC's five minutes for a greeting
   * are right for sending, not for finding out that a port will never greet.
   */
  public static Probe of(SmtpClientConfig config) {
    return new Probe(config, DEFAULT_STEP_TIMEOUT);
  }

  /** The same probe with every step (connect, greeting, each command, the TLS handshake) bounded by {@code timeout}. */
  public Probe withStepTimeout(Duration timeout) {
    return new Probe(config, timeout);
  }

  public Duration stepTimeout() {
    return stepTimeout;
  }

  /**
   * Runs every check. Never throws for what the server does (that is in the report); throws
   * {@link IllegalArgumentException} or {@link IllegalStateException} when the configuration
   * cannot be used at all (an unreadable CA file, a TLS provider that is not there). Do not call it
   * on an event loop.
   */
  public ProbeReport run() {
    Instant startedAt = Instant.now();
    long t0 = System.nanoTime();
    StepList steps = StepList.forMode(config.tlsMode(), config.credentials() != null);
    if (resolve(steps)) {
      session(steps);
    }
    return new ProbeReport(config.host(), config.port(), config.tlsMode(), startedAt,
        SetupRecorder.between(t0, System.nanoTime()), steps.finish());
  }

  /** The DNS check: true when the host has addresses. */
  private boolean resolve(StepList steps) {
    long t0 = System.nanoTime();
    try {
      InetAddress[] all = InetAddress.getAllByName(config.host());
      Duration elapsed = SetupRecorder.between(t0, System.nanoTime());
      List<String> addresses = Arrays.stream(all).map(InetAddress::getHostAddress).distinct().toList();
      boolean literal = addresses.size() == 1 && addresses.get(0).equalsIgnoreCase(config.host());
      String summary = literal ? config.host() + " (an IP address: nothing to resolve)"
          : config.host() + " -> " + String.join(", ", addresses.subList(0, Math.min(4, addresses.size())))
              + (addresses.size() > 4 ? " (+" + (addresses.size() - 4) + " more)" : "");
      steps.put(ProbeStep.pass(Check.DNS, elapsed, summary, addresses.size() > 4 ? addresses : List.of()));
      return true;
    } catch (UnknownHostException e) {
      String why = String.valueOf(e.getMessage());
      why = why.startsWith(config.host() + ": ") ? why.substring(config.host().length() + 2) : why;
      SmtpConnectException error = new SmtpConnectException(SmtpConnectException.Reason.DNS,
          "cannot resolve " + config.host() + " (" + why + ")", e);
      steps.put(ProbeStep.fail(Check.DNS, SetupRecorder.between(t0, System.nanoTime()), error.getMessage(), List.of(),
          "check the host name for typos, and this machine's DNS (resolver, VPN, proxy)", error));
      return false;
    }
  }

  /** Sets up one session the way {@code send} would (with AUTH when there are credentials), then QUIT. */
  private void session(StepList steps) {
    SmtpClientConfig probing = config.toBuilder().timeouts(Timeouts.all(stepTimeout)).ioThreads(1).build();
    try (SmtpClient client = SmtpClient.create(probing)) {
      SetupRecorder recorder = new SetupRecorder();
      SessionInfo info = null;
      SmtpException error = null;
      long ended;
      try {
        // Each phase has its own timeout; this bound only guards against a bug (and a token command's 60 s).
        SmtpSession session = client.connect(recorder)
            .get(stepTimeout.multipliedBy(10).plusSeconds(70).toMillis(), TimeUnit.MILLISECONDS);
        ended = System.nanoTime();
        info = session.info();
        quietly(session);
      } catch (ExecutionException e) {
        ended = System.nanoTime();
        error = asSmtp(e.getCause());
      } catch (TimeoutException e) {
        ended = System.nanoTime();
        error = new ConnectionLostException(SmtpPhase.CONNECT, "the session setup did not end", false, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while probing", e);
      }
      new SetupVerdicts(probing, recorder, info, error, ended, stepTimeout, steps).judge();
    }
  }

  private void quietly(SmtpSession session) {
    try {
      session.quit().get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      session.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      session.close();
    }
  }

  private static SmtpException asSmtp(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof SmtpException e ? e
        : new ConnectionLostException(SmtpPhase.CONNECT, "the session setup failed: " + t, false, t);
  }
}
