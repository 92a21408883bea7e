package dev.sluice.dkim;

import java.lang.reflect.Method;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The signature providers a signer can use besides the JDK's own, found on the class path at run
 * time: this module depends on none of them (the JDK stays the default, with no extra jar), a user
 * who wants faster signing adds one.
 *
 * <p>The preference order is measured, not guessed (bench/README.md, "DKIM signing", signatures per
 * CPU second on one core next to {@code openssl speed} in the same run): Amazon Corretto Crypto
 * Provider (AWS-LC, native) signs RSA-2048 at ~1.1× OpenSSL and Ed25519 at ~4×; BouncyCastle's
 * Ed25519 (pure Java) at ~1.1×, its RSA no faster than the JDK's; Conscrypt (BoringSSL) signs
 * RSA-2048 at ~0.5× and has no Ed25519. The JDK 17 signs RSA-2048 at ~0.25× and Ed25519 at ~0.06×.
 *
 * <p>A native provider whose library cannot load on this platform (another OS or CPU than its
 * jar's) is skipped, never an error: signing falls back to the next one, at worst the JDK.
 */
public final class SignatureProviders {

  private SignatureProviders() {}

  /**
   * The providers on the class path that load and sign {@code algorithm}, fastest first; empty
   * when only the JDK can (the signer then uses the JDK's).
   */
  public static List<Provider> available(DkimAlgorithm algorithm) {
    List<Provider> out = new ArrayList<>();
    List<Optional<Provider>> order = algorithm == DkimAlgorithm.RSA_SHA256
        ? List.of(amazonCorretto(), conscrypt())
        : List.of(amazonCorretto(), bouncyCastle());
    for (Optional<Provider> p : order) {
      p.filter(x -> offers(x, algorithm)).ifPresent(out::add);
    }
    return out;
  }

  /** The fastest provider on the class path for {@code algorithm}, or null for the JDK's own. */
  public static Provider fastest(DkimAlgorithm algorithm) {
    List<Provider> all = available(algorithm);
    return all.isEmpty() ? null : all.get(0);
  }

  /** Whether {@code p} has a signature for {@code algorithm} (the JCA name DKIM's algorithm uses). */
  public static boolean offers(Provider p, DkimAlgorithm algorithm) {
    return p.getService("Signature", jcaName(algorithm)) != null;
  }

  static String jcaName(DkimAlgorithm algorithm) {
    return algorithm == DkimAlgorithm.RSA_SHA256 ? "SHA256withRSA" : "Ed25519";
  }

  /** Amazon Corretto Crypto Provider, if on the class path and its native library loaded and passed its self-tests. */
  public static Optional<Provider> amazonCorretto() {
    try {
      Class<?> c = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
      Provider p = (Provider) c.getField("INSTANCE").get(null);
      Method healthy = c.getMethod("assertHealthy");
      healthy.invoke(p);
      return Optional.of(p);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // not on the class path, or its native library does not load here (assertHealthy throws)
      return Optional.empty();
    }
  }

  /** Conscrypt (BoringSSL), if on the class path and its native library loads. */
  public static Optional<Provider> conscrypt() {
    try {
      Class<?> c = Class.forName("org.conscrypt.Conscrypt");
      if (!(Boolean) c.getMethod("isAvailable").invoke(null)) {
        return Optional.empty();
      }
      return Optional.of((Provider) c.getMethod("newProvider").invoke(null));
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** BouncyCastle, if on the class path (pure Java: it loads everywhere). */
  public static Optional<Provider> bouncyCastle() {
    try {
      return Optional.of((Provider) Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider")
          .getConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return Optional.empty();
    }
  }
}
