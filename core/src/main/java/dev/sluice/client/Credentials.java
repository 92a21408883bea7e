package dev.sluice.client;

import dev.sluice.codec.Arguments;
import java.util.Objects;

/**
 * Who to authenticate as. Secrets never appear in {@code toString()}; a control character (CR, LF,
 * NUL…) in a user name or password is refused here, before it can reach a SASL message.
 */
public sealed interface Credentials permits Credentials.Password, Credentials.OAuth {

  /** The user name (for Office 365: the full user principal name, e.g. {@code user@contoso.com}). */
  String user();

  /** A user name and password, for PLAIN, LOGIN (and CRAM-MD5 when enabled). */
  static Credentials password(String user, String password) {
    return new Password(user, password);
  }

  /** A user name and an OAuth 2.0 access token source, for XOAUTH2 and OAUTHBEARER. */
  static Credentials oauth(String user, TokenSource tokens) {
    return new OAuth(user, tokens);
  }

  /** See {@link #password(String, String)}. */
  record Password(String user, String password) implements Credentials {
    public Password {
      Arguments.checkNoControls("user", user);
      Arguments.checkSecret("password", password);
    }

    @Override
    public String toString() {
      return "Password[user=" + user + ", password=<redacted>]";
    }
  }

  /** See {@link #oauth(String, TokenSource)}. */
  record OAuth(String user, TokenSource tokens) implements Credentials {
    public OAuth {
      Arguments.checkNoControls("user", user);
      Objects.requireNonNull(tokens, "tokens");
    }
  }
}
