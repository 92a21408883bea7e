package dev.sluice.sink;

import dev.sluice.sink.auth.Credentials;
import java.util.List;
import java.util.Objects;

/**
 * How the sink does AUTH (RFC 4954).
 *
 * @param mechanisms what EHLO offers, in this order; empty: no AUTH
 * @param credentials the users and their passwords and tokens
 * @param required refuse MAIL before a successful AUTH with {@code 530 5.7.0}
 * @param onlyAfterTls when the sink does TLS, offer and accept AUTH only once the connection is
 *     encrypted (like Postfix {@code smtpd_tls_auth_only}); before that AUTH gets
 *     {@code 538 5.7.11}
 */
public record AuthSettings(List<AuthMechanism> mechanisms, Credentials credentials, boolean required,
    boolean onlyAfterTls) {

  /** No AUTH. */
  public static final AuthSettings NONE = new AuthSettings(List.of(), Credentials.NONE, false, true);

  public AuthSettings {
    mechanisms = List.copyOf(mechanisms);
    Objects.requireNonNull(credentials, "credentials");
    if (required && mechanisms.isEmpty()) {
      throw new IllegalArgumentException("AUTH cannot be required when no mechanism is offered");
    }
  }

  public boolean enabled() {
    return !mechanisms.isEmpty();
  }
}
