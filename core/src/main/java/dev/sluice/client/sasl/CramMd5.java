package dev.sluice.client.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CRAM-MD5 (RFC 2195): the user name and an HMAC-MD5 of the server's challenge. Opt-in only: it
 * keeps the password off the wire but makes the server store it in the clear, and MD5 is weak.
 */
public final class CramMd5 implements SaslMechanism {

  private final String user;
  private final byte[] password;
  private boolean answered;

  public CramMd5(String user, String password) {
    Identities.utf8("auth-user", user);
    this.user = user;
    this.password = Identities.utf8("auth-password", password);
  }

  @Override
  public String name() {
    return "CRAM-MD5";
  }

  @Override
  public byte[] initialResponse() {
    return null;
  }

  @Override
  public byte[] respond(byte[] challenge) throws SaslException {
    if (answered) {
      throw new SaslException("CRAM-MD5 got a second challenge");
    }
    answered = true;
    try {
      Mac mac = Mac.getInstance("HmacMD5");
      mac.init(new SecretKeySpec(password, "HmacMD5"));
      byte[] digest = mac.doFinal(challenge);
      StringBuilder hex = new StringBuilder(user.length() + 33).append(user).append(' ');
      for (byte b : digest) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString().getBytes(StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new SaslException("HMAC-MD5 is not available: " + e.getMessage());
    }
  }
}
