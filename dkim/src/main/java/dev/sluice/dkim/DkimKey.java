package dev.sluice.dkim;

import java.security.PrivateKey;
import java.util.Locale;
import java.util.Objects;

/**
 * A signing key: the domain ({@code d=}) and selector ({@code s=}) it signs as, its algorithm and
 * the private key. The public half is published at {@code selector._domainkey.domain} in DNS.
 */
public record DkimKey(String domain, String selector, DkimAlgorithm algorithm, PrivateKey privateKey) {

  public DkimKey {
    Objects.requireNonNull(privateKey, "privateKey");
    domain = checkName(domain, "domain").toLowerCase(Locale.ROOT);
    selector = checkName(selector, "selector");
    if (algorithm == null) {
      algorithm = algorithmOf(privateKey);
    } else if (algorithm != algorithmOf(privateKey)) {
      throw new DkimException(DkimException.Problem.BAD_KEY, "a " + privateKey.getAlgorithm() + " key cannot sign "
          + algorithm.tag());
    }
  }

  /** A key for {@code domain} and {@code selector}, its algorithm found from the key. */
  public static DkimKey of(String domain, String selector, PrivateKey key) {
    return new DkimKey(domain, selector, null, key);
  }

  /** The checks a key table makes on its names, for tools that make keys (before the key is made). */
  public static void checkNames(String domain, String selector) {
    checkName(domain, "domain");
    checkName(selector, "selector");
  }

  static DkimAlgorithm algorithmOf(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> DkimAlgorithm.RSA_SHA256;
      case "Ed25519", "EdDSA" -> DkimAlgorithm.ED25519_SHA256;
      default -> throw new DkimException(DkimException.Problem.BAD_KEY, "a " + key.getAlgorithm()
          + " key cannot sign DKIM (RSA or Ed25519)");
    };
  }

  /**
   * A DNS name (letters, digits, hyphens, underscores and dots, no empty label): the domain and
   * selector go into the signature header as they are, so nothing that could end a tag (';', '=',
   * white space) may pass.
   */
  static String checkName(String name, String what) {
    if (name == null || name.isEmpty() || name.length() > 253 || name.startsWith(".") || name.endsWith(".")
        || name.contains("..")) {
      throw new DkimException(DkimException.Problem.BAD_KEY_TABLE, "the " + what + " \"" + name
          + "\" is not a DNS name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_';
      if (!ok) {
        throw new DkimException(DkimException.Problem.BAD_KEY_TABLE, "the " + what + " \"" + name
            + "\" has a character a DNS name cannot have (use the A-label, xn--..., for an IDN)");
      }
    }
    return name;
  }

  @Override
  public String toString() {
    return "DkimKey[" + selector + "._domainkey." + domain + ", " + algorithm.tag() + "]";
  }
}
