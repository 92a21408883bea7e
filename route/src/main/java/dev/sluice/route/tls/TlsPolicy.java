package dev.sluice.route.tls;

import java.util.Locale;
import java.util.Objects;

/**
 * How a destination's connections are protected.
 *
 * @param level what is required
 * @param source who decided it ("default", "domain example.com", later "mta-sts", "dane"), for logs
 *     and {@code sluice route}; not part of equality, so domains that differ only in why they got the
 *     same policy still share a destination
 */
public record TlsPolicy(Level level, String source) {

  /** What a destination requires. */
  public enum Level {
    /** No STARTTLS at all (a relay on a trusted network, a test server). */
    NONE,
    /**
     * STARTTLS when offered (RFC 3207, RFC 7435): the certificate is checked and the verdict
     * recorded, but neither a bad certificate nor a missing STARTTLS stops delivery. The default.
     */
    OPPORTUNISTIC,
    /** STARTTLS with a certificate that chains to a trusted CA and names the MX host; else no delivery there. */
    REQUIRE_VERIFIED
  }

  public static final TlsPolicy OPPORTUNISTIC = new TlsPolicy(Level.OPPORTUNISTIC, "default");

  public TlsPolicy {
    Objects.requireNonNull(level, "level");
    source = source == null ? "" : source;
  }

  /** Parses {@code opportunistic} (or {@code may}), {@code require-verified} (or {@code verify}) or {@code none}. */
  public static TlsPolicy parse(String text, String source) {
    Level level = switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "opportunistic", "may" -> Level.OPPORTUNISTIC;
      case "require-verified", "verify" -> Level.REQUIRE_VERIFIED;
      case "none" -> Level.NONE;
      default -> throw new IllegalArgumentException("unknown TLS policy '" + text
          + "': use opportunistic, require-verified or none");
    };
    return new TlsPolicy(level, source);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlsPolicy p && p.level == level;
  }

  @Override
  public int hashCode() {
    return level.hashCode();
  }

  @Override
  public String toString() {
    return level.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
