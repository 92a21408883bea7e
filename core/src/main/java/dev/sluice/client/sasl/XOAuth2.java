package dev.sluice.client.sasl;

import java.nio.charset.StandardCharsets;

/**
 * XOAUTH2 (Google's and Microsoft's): {@code user=U ^A auth=Bearer T ^A ^A}. On failure the server
 * sends a 334 with a JSON error; the client answers with an empty line and gets the final 535.
 */
public final class XOAuth2 extends BearerToken {

  public XOAuth2(String user, String token) {
    super(Identities.concat("user=".getBytes(StandardCharsets.US_ASCII), Identities.utf8("auth-user", user),
        "\u0001auth=Bearer ".getBytes(StandardCharsets.US_ASCII), Identities.utf8("oauth-token", token),
        new byte[] {1, 1}), new byte[0]);
  }

  @Override
  public String name() {
    return "XOAUTH2";
  }
}
