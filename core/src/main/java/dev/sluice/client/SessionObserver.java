package dev.sluice.client;

import dev.sluice.codec.EhloCapabilities;
import dev.sluice.codec.SmtpReply;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;

/**
 * Watches one connection attempt and the session it becomes, and tells the three observers that
 * want to know: the user's {@link SmtpMetrics}, JFR ({@link ConnectionEvent} and friends) and the
 * logs ({@link LoggerNames}). Sits in the setup as a {@link SetupListener} in front of the user's
 * own, so the steps are seen once, in one place.
 *
 * <p>Event loop only, except {@link #newTransactionEvent()}. Costs when nobody observes: a few
 * {@code nanoTime} reads per connection, none per message (see {@link #watchesTransactions()}).
 */
final class SessionObserver implements SetupListener {

  private static final System.Logger SESSION_LOG = System.getLogger(LoggerNames.SESSION);
  private static final System.Logger TLS_LOG = System.getLogger(LoggerNames.TLS);
  private static final System.Logger AUTH_LOG = System.getLogger(LoggerNames.AUTH);
  private static final System.Logger TX_LOG = System.getLogger(LoggerNames.TRANSACTION);

  private final SetupListener user;
  private final SmtpMetrics metrics;
  private final String host;
  private final int port;
  private final boolean implicitTls;
  private final long started = System.nanoTime();
  private final ConnectionEvent connection;

  private InetSocketAddress remote;
  private long tlsStarted;
  private boolean tlsDone;
  private long authStarted;
  private boolean authDone;
  private TlsInfo tls;
  private String mechanism;
  private boolean ended;
  private TlsHandshakeEvent tlsEvent;
  private AuthEvent authEvent;

  SessionObserver(SetupListener user, SmtpClientConfig config) {
    this.user = user;
    this.metrics = config.metrics();
    this.host = config.host();
    this.port = config.port();
    this.implicitTls = config.tlsMode() == TlsMode.IMPLICIT;
    this.connection = begun(JfrState.recording() ? new ConnectionEvent() : null);
  }

  @Override
  public void connected(InetSocketAddress remote) {
    this.remote = remote;
    if (implicitTls) {
      tlsStarting();
    }
    if (metrics != null) {
      metrics.connected(remote);
    }
    SESSION_LOG.log(Level.DEBUG, () -> "connected to " + host + ":" + port + " (" + remote + ")");
    user.connected(remote);
  }

  @Override
  public void greeting(SmtpReply reply) {
    user.greeting(reply);
  }

  @Override
  public void ehlo(EhloCapabilities capabilities, boolean tls) {
    user.ehlo(capabilities, tls);
  }

  @Override
  public void startTls(SmtpReply reply) {
    tlsStarting();
    user.startTls(reply);
  }

  private void tlsStarting() {
    tlsStarted = System.nanoTime();
    tlsEvent = begun(JfrState.recording() ? new TlsHandshakeEvent() : null);
  }

  /** {@code e} begun, or null when there is none or it is disabled. */
  private static <E extends jdk.jfr.Event> E begun(E e) {
    if (e == null || !e.isEnabled()) {
      return null;
    }
    e.begin();
    return e;
  }

  @Override
  public void tlsEstablished(TlsInfo info) {
    tls = info;
    tlsEnded(info, null);
    user.tlsEstablished(info);
  }

  private void tlsEnded(TlsInfo info, SmtpException failure) {
    tlsDone = true;
    long nanos = System.nanoTime() - tlsStarted;
    if (metrics != null) {
      metrics.tlsHandshake(info, failure, nanos);
    }
    TlsHandshakeEvent e = tlsEvent;
    if (e != null) {
      e.end();
      if (e.shouldCommit()) {
        e.host = host;
        e.implicit = implicitTls;
        e.success = failure == null;
        if (info != null) {
          e.protocol = info.protocol();
          e.cipherSuite = info.cipherSuite();
          e.provider = info.provider();
        }
        e.failure = describe(failure);
        e.commit();
      }
    }
    if (failure == null) {
      TLS_LOG.log(Level.DEBUG, () -> host + ":" + port + " TLS " + info.protocol() + " " + info.cipherSuite()
          + " (" + info.provider() + ", " + (implicitTls ? "implicit" : "STARTTLS") + ") in " + millis(nanos) + " ms");
    } else {
      TLS_LOG.log(Level.DEBUG, () -> host + ":" + port + " TLS handshake failed: " + failure.getMessage());
    }
  }

  /** The AUTH exchange begins (credentials are configured). */
  void authStarting() {
    authStarted = System.nanoTime();
    authEvent = begun(JfrState.recording() ? new AuthEvent() : null);
  }

  /** The AUTH exchange succeeded with {@code used}, or was not needed ({@code used} null and no start). */
  void authSucceeded(String used, String user) {
    if (authStarted == 0) {
      return;
    }
    mechanism = used;
    authEnded(used, null, 235);
    AUTH_LOG.log(Level.DEBUG, () -> host + ":" + port + " authenticated as " + user + " with " + used);
  }

  private void authEnded(String used, SmtpException failure, int replyCode) {
    authDone = true;
    long nanos = System.nanoTime() - authStarted;
    if (metrics != null) {
      metrics.auth(used, failure, nanos);
    }
    AuthEvent e = authEvent;
    if (e != null) {
      e.end();
      if (e.shouldCommit()) {
        e.host = host;
        e.mechanism = used;
        e.success = failure == null;
        e.replyCode = replyCode;
        e.failure = describe(failure);
        e.commit();
      }
    }
  }

  /** The session is ready. */
  void ready(SessionInfo info) {
    long nanos = System.nanoTime() - started;
    if (metrics != null) {
      metrics.sessionReady(nanos);
    }
    SESSION_LOG.log(Level.DEBUG, () -> host + ":" + port + " session ready in " + millis(nanos) + " ms ("
        + (info.isTls() ? info.tls().protocol() : "no TLS")
        + (info.authMechanism() != null ? ", AUTH " + info.authMechanism() : "") + ")");
  }

  /** Connecting or setting up failed: the attempt is over. */
  void setupFailed(SmtpException failure) {
    if (tlsStarted != 0 && !tlsDone) {
      tlsEnded(null, failure);
    }
    if (authStarted != 0 && !authDone) {
      String used = failure instanceof SmtpAuthenticationException a ? a.mechanism() : null;
      int code = failure instanceof SmtpAuthenticationException a && a.reply() != null ? a.reply().code() : 0;
      authEnded(used, failure, code);
      AUTH_LOG.log(Level.DEBUG, () -> host + ":" + port + " AUTH failed: " + failure.getMessage());
    }
    if (metrics != null) {
      metrics.setupFailed(failure, System.nanoTime() - started);
    }
    SESSION_LOG.log(Level.DEBUG, () -> host + ":" + port + " setup failed in " + failure.phase().description()
        + ": " + failure.getMessage());
    end(false, failure);
  }

  /** The ready session's connection closed; {@code failure} is null for a clean close. */
  void closed(SmtpException failure) {
    SESSION_LOG.log(Level.DEBUG, () -> host + ":" + port + " connection closed"
        + (failure == null ? "" : ": " + failure.getMessage()));
    end(true, failure);
  }

  private void end(boolean ready, SmtpException failure) {
    if (ended) {
      return;
    }
    ended = true;
    ConnectionEvent e = connection;
    if (e != null) {
      e.end();
      if (e.shouldCommit()) {
        e.host = host;
        e.port = port;
        e.remoteAddress = remote == null ? "" : remote.getAddress().getHostAddress();
        e.tlsProtocol = tls == null ? "" : tls.protocol();
        e.authMechanism = mechanism == null ? "" : mechanism;
        e.ready = ready;
        e.failure = describe(failure);
        e.commit();
      }
    }
  }

  /** True when someone wants each message's summary: metrics, a JFR recording, or the TRACE log. */
  boolean watchesTransactions() {
    return metrics != null || JfrState.recording() || TX_LOG.isLoggable(Level.TRACE);
  }

  /** A begun transaction event, or null when JFR does not want one. Any thread. */
  static TransactionEvent newTransactionEvent() {
    if (!JfrState.recording()) {
      return null;
    }
    return begun(new TransactionEvent());
  }

  /** A message was handed to send (the caller's thread); returns the metrics' handle for it. */
  Object transactionSubmitted(Envelope envelope) {
    return metrics == null ? null : metrics.transactionSubmitted(envelope);
  }

  /** The transaction's first command is being written. */
  void transactionWritten(Object handle) {
    if (metrics != null) {
      metrics.transactionWritten(handle);
    }
  }

  /** A transaction ended. */
  void transaction(TransactionSummary s, TransactionEvent e, Object handle) {
    if (metrics != null) {
      metrics.transaction(s, handle);
    }
    if (e != null) {
      e.end();
      if (e.shouldCommit()) {
        e.host = host;
        e.size = s.size();
        e.recipients = s.recipients();
        e.acceptedRecipients = s.acceptedRecipients();
        e.result = s.result().name();
        e.queued = s.queuedNanos();
        e.failure = describe(s.failure());
        e.commit();
      }
    }
    TX_LOG.log(Level.TRACE, () -> host + ":" + port + " message " + s.result() + ": " + s.acceptedRecipients() + "/"
        + s.recipients() + " recipients, " + s.size() + " bytes, queued " + millis(s.queuedNanos()) + " ms, on the wire "
        + millis(s.wireNanos()) + " ms" + (s.failure() == null ? "" : ": " + s.failure().getMessage()));
  }

  private static String describe(SmtpException failure) {
    return failure == null ? "" : failure.getClass().getSimpleName() + " in " + failure.phase() + ": "
        + failure.getMessage();
  }

  private static String millis(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
  }
}
