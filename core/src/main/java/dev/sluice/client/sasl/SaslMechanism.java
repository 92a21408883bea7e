package dev.sluice.client.sasl;

/**
 * One SASL exchange. Payloads are raw bytes; base64 on the wire is the caller's business. A
 * mechanism instance serves one authentication attempt.
 */
public interface SaslMechanism {

  /** The IANA name, e.g. {@code "PLAIN"}. */
  String name();

  /**
   * The initial response (sent with AUTH when it fits, RFC 4954 SASL-IR), or null when the server
   * must speak first.
   */
  byte[] initialResponse();

  /**
   * The answer to a server challenge (a {@code 334} reply, decoded).
   *
   * @throws SaslException when the challenge makes no sense for this mechanism
   */
  byte[] respond(byte[] challenge) throws SaslException;
}
