package dev.sluice.dkim;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.util.HashMap;
import java.util.Map;

/**
 * What one signing thread reuses from message to message: digests, Signature objects (looking one
 * up in the providers costs more than signing a small header), and buffers for the header block,
 * the header data and the fields written.
 */
final class SignerScratch {

  final MessageDigest bodyDigest = sha256();
  final MessageDigest headerDigest = sha256();
  final byte[] head = new byte[8192];
  final byte[] copy = new byte[16384];
  final Bytes data = new Bytes(2048);
  final Bytes out = new Bytes(2048);
  /** By algorithm and provider name: one thread may serve signers with different providers. */
  private final Map<String, Signature> signatures = new HashMap<>();

  /**
   * Signs the header data with {@code key}. RSA signs the data (SHA256withRSA hashes it); Ed25519
   * signs the SHA-256 of the data, not the data (RFC 8463 §3: PureEdDSA over the hash). The
   * signature comes from the provider {@code engines} names for the key's algorithm.
   */
  byte[] sign(SignatureEngines engines, DkimKey key, byte[] data, int len) {
    try {
      String id = key.algorithm().tag() + '/' + engines.name(key.algorithm());
      Signature sig = signatures.get(id);
      if (sig == null) {
        sig = engines.newSignature(key.algorithm());
        signatures.put(id, sig);
      }
      sig.initSign(engines.privateKey(key));
      if (key.algorithm() == DkimAlgorithm.ED25519_SHA256) {
        headerDigest.reset();
        headerDigest.update(data, 0, len);
        sig.update(headerDigest.digest());
      } else {
        sig.update(data, 0, len);
      }
      return sig.sign();
    } catch (GeneralSecurityException e) {
      throw new DkimException(DkimException.Problem.BAD_KEY, "signing with " + key + " (" + engines.name(key.algorithm())
          + ") failed: " + e.getMessage(), e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required in every JDK", e);
    }
  }
}
