package dev.sluice.sink.auth;

/** The server's next move in a SASL exchange. */
public sealed interface SaslStep {

  /** Send {@code 334 <base64>} and wait for the client's response. */
  record Challenge(String base64) implements SaslStep {}

  /** Authenticated as {@code user}: {@code 235}. */
  record Success(String user) implements SaslStep {}

  /** Refused: {@code 535 5.7.8} for wrong credentials, {@code 501 5.5.2} for a malformed response. */
  enum Failure implements SaslStep {
    BAD_CREDENTIALS,
    MALFORMED
  }
}
