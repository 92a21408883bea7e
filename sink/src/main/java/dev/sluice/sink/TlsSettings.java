package dev.sluice.sink;

import dev.sluice.sink.tls.CertifiedKey;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the sink does TLS.
 *
 * @param mode none, STARTTLS or implicit
 * @param certificate the certificate and key to present, or null to generate a self-signed one
 *     (EC P-256, for {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the sink's hostname) at
 *     start; either way {@link SmtpSink#certificate()} returns the one in use
 * @param protocols the TLS versions to accept, e.g. {@code TLSv1.2}, {@code TLSv1.3} (the default).
 *     The JDK disables TLSv1 and TLSv1.1 JVM-wide through the {@code jdk.tls.disabledAlgorithms}
 *     security property: a test that wants an old-protocol sink runs in a JVM started with
 *     {@code -Djava.security.properties=FILE} that lifts it (see the module README).
 * @param required refuse MAIL before STARTTLS with {@code 530 5.7.0} (like Postfix
 *     {@code smtpd_tls_security_level=encrypt})
 */
public record TlsSettings(TlsMode mode, CertifiedKey certificate, List<String> protocols, boolean required) {

  /** The protocol names the sink knows. */
  public static final Set<String> KNOWN_PROTOCOLS = Set.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  /** No TLS. */
  public static final TlsSettings NONE = new TlsSettings(TlsMode.NONE, null, List.of("TLSv1.2", "TLSv1.3"), false);

  public TlsSettings {
    Objects.requireNonNull(mode, "mode");
    protocols = List.copyOf(protocols);
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("at least one TLS protocol is needed");
    }
    for (String p : protocols) {
      if (!KNOWN_PROTOCOLS.contains(p)) {
        throw new IllegalArgumentException(
            "unknown TLS protocol '" + p + "' (known: TLSv1, TLSv1.1, TLSv1.2, TLSv1.3)");
      }
    }
    if (required && mode == TlsMode.NONE) {
      throw new IllegalArgumentException("TLS cannot be required when the TLS mode is NONE");
    }
  }

  /** Whether the sink speaks TLS at all. */
  public boolean enabled() {
    return mode != TlsMode.NONE;
  }
}
