package dev.sluice.route.tls;

import java.util.Locale;
import java.util.Objects;

/**
 * How a destination's connections are protected.
 *
 * @param level what is required
 * @param source who decided it ("default", "domain example.com", "mta-sts enforce", "dane"), for
 *     logs and {@code sluice route}; not part of equality, so domains that differ only in why they
 *     got the same policy still share a destination
 * @param allowedMx the MX hosts mail may go to: empty for all; else exact names or {@code *.}
 *     patterns (MTA-STS {@code mx:} lines, RFC 8461 §4.1; DANE: the hosts with usable TLSA records).
 *     Hosts that match none are left out of the route before the destination is chosen.
 * @param type the policy type of TLS reports (RFC 8460 §4.3)
 */
public record TlsPolicy(Level level, String source, java.util.List<String> allowedMx, Type type) {

  /** RFC 8460 §4.3 policy types. */
  public enum Type {
    STS("sts"), TLSA("tlsa"), NO_POLICY_FOUND("no-policy-found");

    private final String json;

    Type(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }
  }

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
    REQUIRE_VERIFIED,
    /**
     * DANE (RFC 7672): STARTTLS required and the certificate must match the host's DNSSEC-validated
     * TLSA records ({@link DaneVerifier}); no cleartext, no unmatched certificate, no other host.
     */
    DANE
  }

  public static final TlsPolicy OPPORTUNISTIC = new TlsPolicy(Level.OPPORTUNISTIC, "default");

  public TlsPolicy {
    Objects.requireNonNull(level, "level");
    source = source == null ? "" : source;
    allowedMx = allowedMx == null ? java.util.List.of() : java.util.List.copyOf(allowedMx);
    type = type == null ? (level == Level.DANE ? Type.TLSA : Type.NO_POLICY_FOUND) : type;
  }

  /** A policy for every MX host, of report type {@code no-policy-found} (or {@code tlsa} for DANE). */
  public TlsPolicy(Level level, String source) {
    this(level, source, java.util.List.of(), null);
  }

  /** Whether mail may go to MX host {@code host} (A-labels) under this policy. */
  public boolean allows(String host) {
    if (allowedMx.isEmpty()) {
      return true;
    }
    String h = host.toLowerCase(Locale.ROOT);
    for (String p : allowedMx) {
      String pattern = p.toLowerCase(Locale.ROOT);
      if (pattern.startsWith("*.")) {
        // RFC 8461 §4.1: the wildcard matches exactly one leftmost label.
        int dot = h.indexOf('.');
        if (dot > 0 && h.substring(dot + 1).equals(pattern.substring(2))) {
          return true;
        }
      } else if (h.equals(pattern)) {
        return true;
      }
    }
    return false;
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
