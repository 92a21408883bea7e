package dev.sluice.client.sasl;

/** PLAIN (RFC 4616): {@code authzid NUL user NUL password}, sent once. */
public final class Plain implements SaslMechanism {

  private final byte[] message;
  private boolean sent;

  public Plain(String user, String password) {
    this.message = Identities.concat(new byte[] {0}, Identities.utf8("auth-user", user), new byte[] {0},
        Identities.utf8("auth-password", password));
  }

  @Override
  public String name() {
    return "PLAIN";
  }

  @Override
  public byte[] initialResponse() {
    sent = true;
    return message.clone();
  }

  @Override
  public byte[] respond(byte[] challenge) throws SaslException {
    if (sent) {
      throw new SaslException("PLAIN got a challenge after its only message");
    }
    sent = true;
    return message.clone();
  }
}
