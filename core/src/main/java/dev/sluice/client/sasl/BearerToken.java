package dev.sluice.client.sasl;

/**
 * The shape both OAuth mechanisms share: one message carrying the token, sent as the initial
 * response; if the token is refused the server sends one 334 with a JSON error, which the client
 * acknowledges with a fixed answer before the server's final failure reply.
 */
abstract class BearerToken implements SaslMechanism {

  private final byte[] message;
  private final byte[] errorAcknowledgement;
  private boolean errorAnswered;

  BearerToken(byte[] message, byte[] errorAcknowledgement) {
    this.message = message;
    this.errorAcknowledgement = errorAcknowledgement;
  }

  @Override
  public final byte[] initialResponse() {
    return message.clone();
  }

  @Override
  public final byte[] respond(byte[] challenge) throws SaslException {
    if (errorAnswered) {
      throw new SaslException(name() + " got a second error challenge");
    }
    errorAnswered = true;
    return errorAcknowledgement.clone();
  }
}
