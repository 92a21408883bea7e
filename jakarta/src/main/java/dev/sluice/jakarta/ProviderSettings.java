package dev.sluice.jakarta;

import dev.sluice.client.Credentials;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.PoolConfig;
import dev.sluice.client.bulk.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;

/**
 * The provider's settings, read from a Jakarta Mail session's properties: {@code mail.sluice.*}
 * first, then the {@code mail.smtp.*} equivalent, so that an existing configuration keeps working
 * when only {@code mail.transport.protocol} changes. Two sessions with equal settings share one
 * client and pool: this record is the key (its {@code toString} never shows the password).
 *
 * <p>TLS: {@code mail.sluice.tls} takes the values of {@code sluice send --tls} ({@code starttls},
 * {@code implicit}, {@code opportunistic}, {@code none}). Without it, {@code mail.smtp.ssl.enable=true}
 * means implicit TLS, and anything else STARTTLS <em>required</em>: Sluice never downgrades to
 * cleartext because an old configuration did not ask for TLS (opting out takes {@code
 * mail.sluice.tls=none}).
 */
record ProviderSettings(String host, int port, TlsMode tls, String caFile, boolean auth, String user, String password,
    List<String> mechanisms, boolean cleartextAuth, String helo, Duration timeout, int maxConnections,
    int maxMessagesPerConnection, double messagesPerSecond, int maxInFlight, int maxAttempts, int ioThreads,
    String from, long memoryLimit) {

  static final String PREFIX = "mail.sluice.";

  /**
   * Reads the settings; {@code host}, {@code port}, {@code user} and {@code password} given to
   * {@code connect} win over the properties.
   *
   * @throws IllegalArgumentException for a value that makes no sense (it names the property)
   */
  static ProviderSettings read(Properties p, String host, int port, String user, String password) {
    Function<String, String> get = name -> {
      String v = p.getProperty(PREFIX + name);
      return v != null ? v.trim() : null;
    };
    Function<String, String> smtp = name -> {
      String v = p.getProperty(PREFIX + name);
      if (v == null) {
        v = p.getProperty("mail.smtp." + name);
      }
      return v != null ? v.trim() : null;
    };
    TlsMode tls = tlsMode(get.apply("tls"), p.getProperty("mail.smtp.ssl.enable"));
    String h = host != null ? host : firstNonNull(smtp.apply("host"), p.getProperty("mail.host"), "localhost");
    int defaultPort = SmtpClientConfig.defaultPort(tls);
    int pt = port > 0 ? port : integer(smtp, "port", defaultPort);
    String u = user != null ? user : firstNonNull(smtp.apply("user"), p.getProperty("mail.user"), null);
    String pw = password != null ? password : get.apply("password");
    boolean auth = bool(smtp.apply("auth"), u != null && pw != null);
    if (auth && (u == null || pw == null)) {
      throw new IllegalArgumentException("mail.sluice.auth is true but no user and password were given: pass them"
          + " to Transport.connect(user, password) or set mail.sluice.user and mail.sluice.password");
    }
    String mechs = smtp.apply("auth.mechanisms");
    List<String> mechanisms = mechs == null || mechs.isBlank() ? null
        : Arrays.stream(mechs.split("[\\s,]+")).filter(m -> !m.isEmpty()).toList();
    String timeoutMs = firstNonNull(get.apply("timeout"), p.getProperty("mail.smtp.timeout"), null);
    Duration timeout = timeoutMs == null ? null : Duration.ofMillis(positive("timeout", timeoutMs));
    return new ProviderSettings(h, pt, tls, get.apply("ca-file"), auth, auth ? u : null, auth ? pw : null, mechanisms,
        bool(get.apply("auth.cleartext"), false), smtp.apply("localhost"), timeout,
        integer(get, "pool.maxConnections", PoolConfig.DEFAULT.maxConnections()),
        integer(get, "pool.maxMessagesPerConnection", PoolConfig.DEFAULT.maxMessagesPerConnection()),
        decimal(get, "pool.messagesPerSecond", 0),
        integer(get, "bulk.maxInFlight", BulkConfig.DEFAULT.maxInFlight()),
        integer(get, "bulk.maxAttempts", 1),
        integer(get, "ioThreads", 0),
        smtp.apply("from"),
        longValue(get, "memoryLimit", MessageContents.DEFAULT_MEMORY_LIMIT));
  }

  /** The client configuration these settings describe. */
  SmtpClientConfig clientConfig() {
    SmtpClientConfig.Builder b = SmtpClientConfig.builder(host).port(port).tlsMode(tls).ioThreads(ioThreads)
        .allowCleartextAuth(cleartextAuth);
    if (caFile != null) {
      b.trust(TrustConfig.pemFile(Path.of(caFile)));
    }
    if (auth) {
      b.credentials(Credentials.password(user, password));
    }
    if (mechanisms != null) {
      b.authMechanisms(mechanisms);
    }
    if (helo != null) {
      b.heloName(helo);
    }
    if (timeout != null) {
      b.timeouts(Timeouts.all(timeout));
    }
    return b.build();
  }

  /**
   * The bulk configuration: one attempt by default, since {@code Transport.send} is synchronous and
   * the application expects its answer now ({@code mail.sluice.bulk.maxAttempts} adds retries).
   */
  BulkConfig bulkConfig() {
    PoolConfig pool = PoolConfig.DEFAULT.withMaxConnections(maxConnections)
        .withMaxMessagesPerConnection(maxMessagesPerConnection).withMessagesPerSecond(messagesPerSecond);
    RetryPolicy retry = maxAttempts <= 1 ? RetryPolicy.NONE : RetryPolicy.DEFAULT.withMaxAttempts(maxAttempts);
    return BulkConfig.DEFAULT.withPool(pool).withMaxInFlight(maxInFlight).withRetry(retry);
  }

  @Override
  public String toString() {
    return "sluice://" + (user != null ? user + "@" : "") + host + ":" + port + " tls=" + tls;
  }

  static TlsMode tlsMode(String value, String sslEnable) {
    if (value == null || value.isEmpty()) {
      return "true".equalsIgnoreCase(sslEnable == null ? null : sslEnable.trim()) ? TlsMode.IMPLICIT
          : TlsMode.STARTTLS_REQUIRED;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "starttls" -> TlsMode.STARTTLS_REQUIRED;
      case "implicit" -> TlsMode.IMPLICIT;
      case "opportunistic" -> TlsMode.STARTTLS_OPPORTUNISTIC;
      case "none" -> TlsMode.NONE;
      default -> throw new IllegalArgumentException("mail.sluice.tls must be starttls, implicit, opportunistic or"
          + " none, not '" + value + "'");
    };
  }

  private static String firstNonNull(String a, String b, String c) {
    return a != null ? a : b != null ? b : c;
  }

  private static boolean bool(String v, boolean dflt) {
    return v == null || v.isEmpty() ? dflt : Boolean.parseBoolean(v);
  }

  private static int integer(Function<String, String> get, String name, int dflt) {
    String v = get.apply(name);
    return v == null || v.isEmpty() ? dflt : (int) positive(name, v);
  }

  private static long longValue(Function<String, String> get, String name, long dflt) {
    String v = get.apply(name);
    return v == null || v.isEmpty() ? dflt : positive(name, v);
  }

  private static double decimal(Function<String, String> get, String name, double dflt) {
    String v = get.apply(name);
    try {
      double d = v == null || v.isEmpty() ? dflt : Double.parseDouble(v);
      if (d < 0) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PREFIX + name + " must be a number >= 0, not '" + v + "'");
    }
  }

  private static long positive(String name, String v) {
    try {
      long n = Long.parseLong(v.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(PREFIX + name + " (or mail.smtp." + name + ") must be a whole number >= 0,"
        + " not '" + v + "'");
  }
}
