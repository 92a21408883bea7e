package dev.sluice.sink.auth;

/** PLAIN (RFC 4616): {@code authzid NUL authcid NUL password}; an authzid other than the user is refused. */
public final class PlainExchange implements SaslExchange {

  private final Credentials credentials;

  public PlainExchange(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public SaslStep start(String initialResponse) {
    return initialResponse == null ? new SaslStep.Challenge("") : next(initialResponse);
  }

  @Override
  public SaslStep next(String response) {
    String decoded = Base64Text.decode(response);
    if (decoded == null) {
      return SaslStep.Failure.MALFORMED;
    }
    int first = decoded.indexOf('\0');
    int second = first < 0 ? -1 : decoded.indexOf('\0', first + 1);
    if (second < 0 || decoded.indexOf('\0', second + 1) >= 0) {
      return SaslStep.Failure.MALFORMED;
    }
    String authzid = decoded.substring(0, first);
    String user = decoded.substring(first + 1, second);
    String password = decoded.substring(second + 1);
    boolean ok = (authzid.isEmpty() || authzid.equals(user)) && credentials.checkPassword(user, password);
    return ok ? new SaslStep.Success(user) : SaslStep.Failure.BAD_CREDENTIALS;
  }
}
