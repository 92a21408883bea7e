package dev.sluice.client;

import dev.sluice.codec.Arguments;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a client needs to connect, immutable; build one with {@link #builder(String)}. The
 * defaults are the safe ones: STARTTLS required, the system's trust store with host name checks,
 * no AUTH in cleartext, RFC 5321 timeouts.
 *
 * @param host the server's host name (also used for SNI and the certificate check)
 * @param port the server's port
 * @param tlsMode how the connection is protected
 * @param trust which certificates to trust
 * @param tlsProvider which TLS implementation to use
 * @param credentials who to authenticate as, or null for no AUTH
 * @param authMechanisms SASL mechanisms allowed, in order of preference (see
 *     {@link Builder#authMechanisms})
 * @param allowCleartextAuth send credentials even without TLS (explicit opt-in only)
 * @param heloName the name to announce in EHLO/HELO
 * @param timeouts per-phase timeouts
 * @param chunking BDAT or DATA
 * @param pipelining use PIPELINING when the server offers it
 * @param transport the socket layer
 * @param ioThreads event loop threads of a client that creates its own group
 * @param trace the wire trace, or null
 * @param metrics metrics hooks, or null
 * @param bdatWindow with CHUNKING and PIPELINING, how many BDAT transactions may be unanswered on one
 *     connection (1: each waits for the one before; see {@link Builder#bdatWindow})
 */
public record SmtpClientConfig(String host, int port, TlsMode tlsMode, TrustConfig trust, TlsProvider tlsProvider,
    Credentials credentials, List<String> authMechanisms, boolean allowCleartextAuth, String heloName,
    Timeouts timeouts, ChunkingPolicy chunking, boolean pipelining, TransportType transport, int ioThreads,
    WireTrace trace, SmtpMetrics metrics, int bdatWindow) {

  /** The default {@link #bdatWindow()}: eight messages per round trip on a distant server. */
  public static final int DEFAULT_BDAT_WINDOW = 8;

  /** Mechanisms tried for a password, strongest first; CRAM-MD5 only when named explicitly. */
  public static final List<String> PASSWORD_MECHANISMS = List.of("PLAIN", "LOGIN");
  /** Mechanisms tried for an OAuth token. */
  public static final List<String> TOKEN_MECHANISMS = List.of("OAUTHBEARER", "XOAUTH2");

  public SmtpClientConfig {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host is empty");
    }
    Arguments.checkNoControls("host", host);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535: " + port);
    }
    Objects.requireNonNull(tlsMode, "tlsMode");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(tlsProvider, "tlsProvider");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(chunking, "chunking");
    Objects.requireNonNull(transport, "transport");
    Arguments.checkDomain("helo", heloName);
    authMechanisms = authMechanisms == null ? null
        : authMechanisms.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
    if (ioThreads < 0) {
      throw new IllegalArgumentException("ioThreads must be >= 0 (0: one per core)");
    }
    if (bdatWindow < 1) {
      throw new IllegalArgumentException("bdatWindow must be >= 1: " + bdatWindow);
    }
  }

  public static Builder builder(String host) {
    return new Builder(host);
  }

  /** A builder seeded with this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(host);
    b.port = port;
    b.tlsMode = tlsMode;
    b.trust = trust;
    b.tlsProvider = tlsProvider;
    b.credentials = credentials;
    b.authMechanisms = authMechanisms;
    b.allowCleartextAuth = allowCleartextAuth;
    b.heloName = heloName;
    b.timeouts = timeouts;
    b.chunking = chunking;
    b.pipelining = pipelining;
    b.transport = transport;
    b.ioThreads = ioThreads;
    b.trace = trace;
    b.metrics = metrics;
    b.bdatWindow = bdatWindow;
    return b;
  }

  /** The mechanisms to try for the configured credentials, in order. */
  List<String> effectiveMechanisms() {
    if (authMechanisms != null) {
      return authMechanisms;
    }
    return credentials instanceof Credentials.OAuth ? TOKEN_MECHANISMS : PASSWORD_MECHANISMS;
  }

  /** The standard port for a TLS mode: 465 for implicit TLS, 587 (submission) otherwise. */
  public static int defaultPort(TlsMode mode) {
    return mode == TlsMode.IMPLICIT ? 465 : 587;
  }

  /** Builds a {@link SmtpClientConfig}. */
  public static final class Builder {
    private final String host;
    private int port = -1;
    private TlsMode tlsMode = TlsMode.STARTTLS_REQUIRED;
    private TrustConfig trust = TrustConfig.system();
    private TlsProvider tlsProvider = TlsProvider.AUTO;
    private Credentials credentials;
    private List<String> authMechanisms;
    private boolean allowCleartextAuth;
    private String heloName;
    private Timeouts timeouts = Timeouts.RFC_5321;
    private ChunkingPolicy chunking = ChunkingPolicy.PREFER_BDAT;
    private boolean pipelining = true;
    private TransportType transport = TransportType.AUTO;
    private int ioThreads;
    private WireTrace trace;
    private int bdatWindow = DEFAULT_BDAT_WINDOW;
    private SmtpMetrics metrics;

    private Builder(String host) {
      this.host = host;
    }

    /** The port; defaults to 587, or 465 with {@link TlsMode#IMPLICIT}. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder tlsMode(TlsMode tlsMode) {
      this.tlsMode = tlsMode;
      return this;
    }

    public Builder trust(TrustConfig trust) {
      this.trust = trust;
      return this;
    }

    public Builder tlsProvider(TlsProvider tlsProvider) {
      this.tlsProvider = tlsProvider;
      return this;
    }

    public Builder credentials(Credentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /**
     * The SASL mechanisms allowed, in order of preference; the first one the server offers (after
     * TLS) is used. Default: PLAIN, LOGIN for a password; OAUTHBEARER, XOAUTH2 for a token.
     * CRAM-MD5 is used only when listed here.
     */
    public Builder authMechanisms(List<String> mechanisms) {
      this.authMechanisms = List.copyOf(mechanisms);
      return this;
    }

    /** Allows credentials over a connection without TLS. Off by default; for test servers only. */
    public Builder allowCleartextAuth(boolean allow) {
      this.allowCleartextAuth = allow;
      return this;
    }

    public Builder heloName(String heloName) {
      this.heloName = heloName;
      return this;
    }

    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = timeouts;
      return this;
    }

    public Builder chunking(ChunkingPolicy chunking) {
      this.chunking = chunking;
      return this;
    }

    public Builder pipelining(boolean pipelining) {
      this.pipelining = pipelining;
      return this;
    }

    public Builder transport(TransportType transport) {
      this.transport = transport;
      return this;
    }

    /** Threads of the event loop group a client creates for itself (0: one per core). */
    public Builder ioThreads(int ioThreads) {
      this.ioThreads = ioThreads;
      return this;
    }

    public Builder trace(WireTrace trace) {
      this.trace = trace;
      return this;
    }

    public Builder metrics(SmtpMetrics metrics) {
      this.metrics = metrics;
      return this;
    }

    /**
     * With CHUNKING and PIPELINING, lets up to {@code window} transactions (MAIL, RCPT×n, BDAT LAST)
     * go out without waiting for the replies of the ones before (RFC 3030 with RFC 2920): several
     * messages per round trip. The window drops to 1 on the first refusal and grows back while
     * transactions succeed. 1 turns it off. Default {@value #DEFAULT_BDAT_WINDOW}.
     */
    public Builder bdatWindow(int window) {
      this.bdatWindow = window;
      return this;
    }

    public SmtpClientConfig build() {
      return new SmtpClientConfig(host, port > 0 ? port : defaultPort(tlsMode), tlsMode, trust, tlsProvider,
          credentials, authMechanisms, allowCleartextAuth, heloName != null ? heloName : localName(), timeouts,
          chunking, pipelining, transport, ioThreads, trace, metrics, bdatWindow);
    }

    /** This machine's host name when it is a valid EHLO argument, else "localhost". */
    private static String localName() {
      try {
        String name = InetAddress.getLocalHost().getHostName();
        Arguments.checkDomain("helo", name);
        return name;
      } catch (Exception e) {
        return "localhost";
      }
    }
  }

  /** Shorthand for tests and tools: every timeout set to {@code d}. */
  public SmtpClientConfig withTimeouts(Duration d) {
    return toBuilder().timeouts(Timeouts.all(d)).build();
  }
}
