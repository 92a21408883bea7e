package dev.sluice.client.sasl;

/**
 * LOGIN (draft-murchison-sasl-login): the user name, then the password, each in answer to a
 * challenge. The challenges' text varies ("Username:", "User Name\0"…), so only their order counts.
 */
public final class Login implements SaslMechanism {

  private final byte[] user;
  private final byte[] password;
  private int step;

  public Login(String user, String password) {
    this.user = Identities.utf8("auth-user", user);
    this.password = Identities.utf8("auth-password", password);
  }

  @Override
  public String name() {
    return "LOGIN";
  }

  @Override
  public byte[] initialResponse() {
    return null;
  }

  @Override
  public byte[] respond(byte[] challenge) throws SaslException {
    return switch (step++) {
      case 0 -> user.clone();
      case 1 -> password.clone();
      default -> throw new SaslException("LOGIN got a third challenge");
    };
  }
}
