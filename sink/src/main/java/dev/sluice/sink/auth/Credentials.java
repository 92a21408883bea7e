package dev.sluice.sink.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The users a sink accepts: user → password (PLAIN, LOGIN) and user → OAuth token (XOAUTH2).
 * Secrets are compared in constant time and never printed.
 */
public record Credentials(Map<String, String> passwords, Map<String, String> tokens) {

  public static final Credentials NONE = new Credentials(Map.of(), Map.of());

  public Credentials {
    passwords = Map.copyOf(passwords);
    tokens = Map.copyOf(tokens);
  }

  public boolean isEmpty() {
    return passwords.isEmpty() && tokens.isEmpty();
  }

  public boolean checkPassword(String user, String password) {
    return matches(passwords.get(user), password);
  }

  public boolean checkToken(String user, String token) {
    return matches(tokens.get(user), token);
  }

  private static boolean matches(String expected, String given) {
    if (expected == null || given == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  /** The user names only. */
  @Override
  public String toString() {
    return "Credentials[passwords for " + passwords.keySet() + ", tokens for " + tokens.keySet() + "]";
  }
}
