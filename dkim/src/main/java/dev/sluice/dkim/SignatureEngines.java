package dev.sluice.dkim;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which provider signs each algorithm (null: the JDK's), and each key in that provider's own form.
 * A provider handed another provider's key object converts it on every signature — Amazon Corretto
 * Crypto Provider signed RSA-2048 at 1,289/s with a JDK key and 3,533/s with its own — so keys are
 * translated once, on first use, through the provider's KeyFactory where it has one.
 */
final class SignatureEngines {

  /** The JDK's providers for everything. */
  static final SignatureEngines JDK = new SignatureEngines(null, null);

  private final Provider rsa;
  private final Provider ed25519;
  private final ConcurrentHashMap<DkimKey, PrivateKey> keys = new ConcurrentHashMap<>();

  SignatureEngines(Provider rsa, Provider ed25519) {
    this.rsa = rsa;
    this.ed25519 = ed25519;
  }

  /** {@code p} for every algorithm it signs, the JDK's for the others. */
  static SignatureEngines of(Provider p) {
    if (p == null) {
      return JDK;
    }
    return new SignatureEngines(SignatureProviders.offers(p, DkimAlgorithm.RSA_SHA256) ? p : null,
        SignatureProviders.offers(p, DkimAlgorithm.ED25519_SHA256) ? p : null);
  }

  /** The provider for {@code a}, or null for the JDK's. */
  Provider provider(DkimAlgorithm a) {
    return a == DkimAlgorithm.RSA_SHA256 ? rsa : ed25519;
  }

  /** A name for the cache of Signature objects and for messages: the provider's, or "JDK". */
  String name(DkimAlgorithm a) {
    Provider p = provider(a);
    return p == null ? "JDK" : p.getName();
  }

  Signature newSignature(DkimAlgorithm a) throws NoSuchAlgorithmException {
    Provider p = provider(a);
    String name = SignatureProviders.jcaName(a);
    return p == null ? Signature.getInstance(name) : Signature.getInstance(name, p);
  }

  /** {@code key}'s private key as the provider of its algorithm wants it. */
  PrivateKey privateKey(DkimKey key) {
    Provider p = provider(key.algorithm());
    if (p == null) {
      return key.privateKey();
    }
    return keys.computeIfAbsent(key, k -> translate(p, k.privateKey()));
  }

  private static PrivateKey translate(Provider p, PrivateKey key) {
    try {
      KeyFactory f = KeyFactory.getInstance(key.getAlgorithm(), p);
      try {
        return (PrivateKey) f.translateKey(key);
      } catch (InvalidKeyException e) {
        // BouncyCastle translates only its own EdDSA keys: the PKCS#8 encoding every key has
        return f.generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
      }
    } catch (NoSuchAlgorithmException e) {
      return key; // no KeyFactory for it (ACCP's Ed25519): its Signature takes the key as it is
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new DkimException(DkimException.Problem.BAD_KEY, p.getName() + " cannot use the " + key.getAlgorithm()
          + " key: " + e.getMessage(), e);
    }
  }
}
