package dev.sluice.sink;

import dev.sluice.sink.auth.Credentials;
import dev.sluice.sink.fault.Fault;
import dev.sluice.sink.fault.FaultPlan;
import dev.sluice.sink.fault.Script;
import dev.sluice.sink.tls.CertifiedKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link SmtpSink} ({@link SmtpSink#builder()}). The defaults are a test sink: loopback,
 * an ephemeral port, every extension on, no TLS, no AUTH, messages kept in memory.
 */
public final class SmtpSinkBuilder {

  private String bindHost = "127.0.0.1";
  private int port;
  private InetSocketAddress bindAddress;
  private String hostname = "localhost";
  private String greeting;
  private final EnumSet<Extension> extensions = EnumSet.allOf(Extension.class);
  private TlsMode tlsMode = TlsMode.NONE;
  private CertifiedKey certificate;
  private List<String> tlsProtocols = List.of("TLSv1.2", "TLSv1.3");
  private boolean tlsRequired;
  private List<AuthMechanism> mechanisms;
  private final Map<String, String> passwords = new LinkedHashMap<>();
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private boolean authRequired;
  private boolean authOnlyAfterTls = true;
  private Limits limits = Limits.DEFAULT;
  private Storage storage = Storage.inMemory();
  private final List<Fault> faults = new ArrayList<>();
  private Script script;
  private Long faultSeed;
  private boolean refuseBareLineEndings;
  private int ioThreads = Runtime.getRuntime().availableProcessors();
  private boolean nativeTransport = true;
  private int backlog = 1024;

  SmtpSinkBuilder() {}

  /** The address to listen on (default {@code 127.0.0.1}). */
  public SmtpSinkBuilder bind(String host) {
    this.bindHost = Objects.requireNonNull(host, "host");
    this.bindAddress = null;
    return this;
  }

  public SmtpSinkBuilder bind(InetAddress address) {
    return bind(address.getHostAddress());
  }

  /** The port to listen on; 0 (the default) picks a free one, see {@link SmtpSink#port()}. */
  public SmtpSinkBuilder port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535: " + port);
    }
    this.port = port;
    this.bindAddress = null;
    return this;
  }

  public SmtpSinkBuilder bind(InetSocketAddress address) {
    this.bindAddress = Objects.requireNonNull(address, "address");
    return this;
  }

  /** The name in the greeting, the EHLO reply and a generated certificate (default {@code localhost}). */
  public SmtpSinkBuilder hostname(String hostname) {
    this.hostname = oneLine("hostname", hostname);
    return this;
  }

  /** The 220 greeting text (default {@code HOSTNAME ESMTP Sluice sink}). */
  public SmtpSinkBuilder greeting(String greeting) {
    this.greeting = oneLine("greeting", greeting);
    return this;
  }

  /** Advertise exactly these extensions. */
  public SmtpSinkBuilder extensions(Extension... extensions) {
    this.extensions.clear();
    this.extensions.addAll(List.of(extensions));
    return this;
  }

  public SmtpSinkBuilder enable(Extension... extensions) {
    this.extensions.addAll(List.of(extensions));
    return this;
  }

  public SmtpSinkBuilder disable(Extension... extensions) {
    List.of(extensions).forEach(this.extensions::remove);
    return this;
  }

  /** None (default), STARTTLS or implicit TLS. */
  public SmtpSinkBuilder tls(TlsMode mode) {
    this.tlsMode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /** The certificate to present instead of a generated self-signed one. */
  public SmtpSinkBuilder certificate(CertifiedKey certificate) {
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    return this;
  }

  /**
   * The certificate chain and private key from PEM files (read now).
   *
   * @throws java.io.UncheckedIOException when a file cannot be read or holds no usable PEM
   */
  public SmtpSinkBuilder certificate(Path chainPem, Path keyPem) {
    return certificate(CertifiedKey.readPem(chainPem, keyPem));
  }

  /** The TLS versions to accept (default TLSv1.2 and TLSv1.3). */
  public SmtpSinkBuilder tlsProtocols(String... protocols) {
    this.tlsProtocols = List.of(protocols);
    return this;
  }

  /** Refuse MAIL before STARTTLS with 530 5.7.0 (default false). */
  public SmtpSinkBuilder requireTls(boolean required) {
    this.tlsRequired = required;
    return this;
  }

  /**
   * The AUTH mechanisms to offer, in order. Default: PLAIN and LOGIN when a password is
   * configured, plus XOAUTH2 when a token is; none otherwise.
   */
  public SmtpSinkBuilder authMechanisms(AuthMechanism... mechanisms) {
    this.mechanisms = List.of(mechanisms);
    return this;
  }

  /** A user for PLAIN and LOGIN. */
  public SmtpSinkBuilder user(String user, String password) {
    passwords.put(Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"));
    return this;
  }

  /** A user for XOAUTH2. */
  public SmtpSinkBuilder token(String user, String token) {
    tokens.put(Objects.requireNonNull(user, "user"), Objects.requireNonNull(token, "token"));
    return this;
  }

  /** Refuse MAIL before AUTH with 530 5.7.0 (default false). */
  public SmtpSinkBuilder requireAuth(boolean required) {
    this.authRequired = required;
    return this;
  }

  /** With TLS configured, offer AUTH only after TLS (default true). */
  public SmtpSinkBuilder authOnlyAfterTls(boolean onlyAfterTls) {
    this.authOnlyAfterTls = onlyAfterTls;
    return this;
  }

  public SmtpSinkBuilder limits(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    return this;
  }

  public SmtpSinkBuilder maxLineLength(int octets) {
    return limits(limits.withMaxLineLength(octets));
  }

  public SmtpSinkBuilder maxMessageSize(long octets) {
    return limits(limits.withMaxMessageSize(octets));
  }

  public SmtpSinkBuilder maxRecipients(int recipients) {
    return limits(limits.withMaxRecipients(recipients));
  }

  public SmtpSinkBuilder maxConnections(int connections) {
    return limits(limits.withMaxConnections(connections));
  }

  public SmtpSinkBuilder idleTimeout(Duration timeout) {
    return limits(limits.withIdleTimeout(timeout));
  }

  public SmtpSinkBuilder maxConnectionsPerIp(int connections) {
    return limits(limits.withMaxConnectionsPerIp(connections));
  }

  /** After {@code failures} failed AUTH attempts on a connection: 421 and close; each failure is answered {@code delay} late. */
  public SmtpSinkBuilder authFailures(int failures, Duration delay) {
    return limits(limits.withMaxAuthFailures(failures).withAuthFailureDelay(delay));
  }

  public SmtpSinkBuilder writeTimeout(Duration timeout) {
    return limits(limits.withWriteTimeout(timeout));
  }

  public SmtpSinkBuilder storage(Storage storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
    return this;
  }

  public SmtpSinkBuilder countOnly() {
    return storage(Storage.countOnly());
  }

  public SmtpSinkBuilder inMemory() {
    return storage(Storage.inMemory());
  }

  public SmtpSinkBuilder directory(Path dir) {
    return storage(Storage.directory(dir));
  }

  public SmtpSinkBuilder fault(Fault fault) {
    faults.add(Objects.requireNonNull(fault, "fault"));
    return this;
  }

  /** A fault in the {@code --fault} spec language, see {@link dev.sluice.sink.fault.FaultSpec}. */
  public SmtpSinkBuilder fault(String spec) {
    return fault(Fault.parse(spec));
  }

  public SmtpSinkBuilder faults(Collection<Fault> faults) {
    faults.forEach(this::fault);
    return this;
  }

  /** The seed for the faults' random draws (default: random, see {@link FaultPlan#seed()}). */
  public SmtpSinkBuilder faultSeed(long seed) {
    this.faultSeed = seed;
    return this;
  }

  public SmtpSinkBuilder script(Script script) {
    this.script = Objects.requireNonNull(script, "script");
    return this;
  }

  /** Refuse DATA holding a bare CR or LF with 550 5.5.2 (default false: stored as received). */
  public SmtpSinkBuilder refuseBareLineEndings(boolean refuse) {
    this.refuseBareLineEndings = refuse;
    return this;
  }

  /** Event-loop threads (default: one per core). */
  public SmtpSinkBuilder ioThreads(int threads) {
    this.ioThreads = threads;
    return this;
  }

  /** Use epoll where available (default true); false forces NIO. */
  public SmtpSinkBuilder nativeTransport(boolean enabled) {
    this.nativeTransport = enabled;
    return this;
  }

  /** The listen backlog (default 1024). */
  public SmtpSinkBuilder backlog(int backlog) {
    this.backlog = backlog;
    return this;
  }

  /**
   * The immutable configuration.
   *
   * @throws IllegalArgumentException for an inconsistent combination (e.g. BINARYMIME without CHUNKING)
   */
  public SinkConfig config() {
    InetSocketAddress address = bindAddress != null ? bindAddress : new InetSocketAddress(bindHost, port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("cannot resolve the bind address " + address.getHostString());
    }
    Credentials credentials = new Credentials(passwords, tokens);
    List<AuthMechanism> offered = mechanisms != null ? mechanisms : defaultMechanisms();
    long seed = faultSeed != null ? faultSeed : new SecureRandom().nextLong();
    return new SinkConfig(address, hostname, greeting != null ? greeting : hostname + " ESMTP Sluice sink",
        extensions, new TlsSettings(tlsMode, certificate, tlsProtocols, tlsRequired),
        new AuthSettings(offered, credentials, authRequired, authOnlyAfterTls), limits, storage,
        new FaultPlan(faults, script, seed), refuseBareLineEndings, ioThreads, nativeTransport, backlog);
  }

  /** A sink with this configuration, not started yet. */
  public SmtpSink build() {
    return new SmtpSink(config());
  }

  /** Builds and starts the sink: {@code try (SmtpSink sink = SmtpSink.builder().start()) {…}}. */
  public SmtpSink start() {
    return build().start();
  }

  private List<AuthMechanism> defaultMechanisms() {
    List<AuthMechanism> m = new ArrayList<>();
    if (!passwords.isEmpty()) {
      m.add(AuthMechanism.PLAIN);
      m.add(AuthMechanism.LOGIN);
    }
    if (!tokens.isEmpty()) {
      m.add(AuthMechanism.XOAUTH2);
    }
    return m;
  }

  private static String oneLine(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException(what + " must be one non-empty line without control characters");
    }
    return value;
  }
}
