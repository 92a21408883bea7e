package dev.sluice.client.sasl;

import java.nio.charset.StandardCharsets;

/**
 * OAUTHBEARER (RFC 7628): {@code n,a=U, ^A host=H ^A port=P ^A auth=Bearer T ^A ^A}. An error
 * arrives as a 334 with a JSON status; the client answers {@code ^A} (RFC 7628 3.2.3) and gets the
 * final failure reply.
 */
public final class OAuthBearer extends BearerToken {

  public OAuthBearer(String user, String token, String host, int port) {
    super(message(user, token, host, port), new byte[] {1});
  }

  private static byte[] message(String user, String token, String host, int port) {
    byte[] u = Identities.utf8("auth-user", user);
    String escaped = new String(u, StandardCharsets.UTF_8).replace("=", "=3D").replace(",", "=2C");
    return Identities.concat(("n,a=" + escaped + ",\u0001host=").getBytes(StandardCharsets.UTF_8),
        Identities.utf8("host", host), ("\u0001port=" + port + "\u0001auth=Bearer ").getBytes(StandardCharsets.US_ASCII),
        Identities.utf8("oauth-token", token), new byte[] {1, 1});
  }

  @Override
  public String name() {
    return "OAUTHBEARER";
  }
}
