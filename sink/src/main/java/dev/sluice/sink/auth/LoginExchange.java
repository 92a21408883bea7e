package dev.sluice.sink.auth;

/** LOGIN: prompts {@code Username:} then {@code Password:} (base64, as every server does). */
public final class LoginExchange implements SaslExchange {

  static final String USERNAME_PROMPT = Base64Text.encode("Username:");
  static final String PASSWORD_PROMPT = Base64Text.encode("Password:");

  private final Credentials credentials;
  private String user;

  public LoginExchange(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public SaslStep start(String initialResponse) {
    return initialResponse == null ? new SaslStep.Challenge(USERNAME_PROMPT) : next(initialResponse);
  }

  @Override
  public SaslStep next(String response) {
    String decoded = Base64Text.decode(response);
    if (decoded == null) {
      return SaslStep.Failure.MALFORMED;
    }
    if (user == null) {
      user = decoded;
      return new SaslStep.Challenge(PASSWORD_PROMPT);
    }
    return credentials.checkPassword(user, decoded) ? new SaslStep.Success(user) : SaslStep.Failure.BAD_CREDENTIALS;
  }
}
