package dev.sluice.client.sasl;

/**
 * XOAUTH2 (Google's and Microsoft's): {@code user=U ^A auth=Bearer T ^A ^A}. On failure the server
 * sends a 334 with a JSON error; the client answers with an empty line and gets the final 535.
 */
public final class XOAuth2 implements SaslMechanism {

  private final byte[] message;
  private boolean errorAnswered;

  public XOAuth2(String user, String token) {
    this.message = Identities.concat(("user=").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        Identities.utf8("auth-user", user), "\u0001auth=Bearer ".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        Identities.utf8("oauth-token", token), new byte[] {1, 1});
  }

  @Override
  public String name() {
    return "XOAUTH2";
  }

  @Override
  public byte[] initialResponse() {
    return message.clone();
  }

  @Override
  public byte[] respond(byte[] challenge) throws SaslException {
    if (errorAnswered) {
      throw new SaslException("XOAUTH2 got a second error challenge");
    }
    errorAnswered = true;
    return new byte[0];
  }
}
