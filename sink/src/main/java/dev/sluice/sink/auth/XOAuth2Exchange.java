package dev.sluice.sink.auth;

/**
 * XOAUTH2 as Google and Microsoft run it: {@code user=U^Aauth=Bearer T^A^A}. A wrong token gets a
 * 334 with a base64 JSON error first; the client answers with an empty line and then gets 535.
 */
public final class XOAuth2Exchange implements SaslExchange {

  static final String ERROR_CHALLENGE =
      Base64Text.encode("{\"status\":\"401\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}");

  private final Credentials credentials;
  private boolean failed;

  public XOAuth2Exchange(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public SaslStep start(String initialResponse) {
    return initialResponse == null ? new SaslStep.Challenge("") : next(initialResponse);
  }

  @Override
  public SaslStep next(String response) {
    if (failed) {
      return SaslStep.Failure.BAD_CREDENTIALS;
    }
    String decoded = Base64Text.decode(response);
    if (decoded == null) {
      return SaslStep.Failure.MALFORMED;
    }
    String user = null;
    String token = null;
    for (String field : decoded.split("\u0001")) {
      if (field.startsWith("user=")) {
        user = field.substring(5);
      } else if (field.regionMatches(true, 0, "auth=Bearer ", 0, 12)) {
        token = field.substring(12);
      }
    }
    if (user == null || token == null) {
      return SaslStep.Failure.MALFORMED;
    }
    if (credentials.checkToken(user, token)) {
      return new SaslStep.Success(user);
    }
    failed = true;
    return new SaslStep.Challenge(ERROR_CHALLENGE);
  }
}
