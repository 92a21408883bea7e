package dev.sluice.dkim;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.util.EnumMap;
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
  private final Map<DkimAlgorithm, Signature> signatures = new EnumMap<>(DkimAlgorithm.class);

  /**
   * Signs the header data with {@code key}. RSA signs the data (SHA256withRSA hashes it); Ed25519
   * signs the SHA-256 of the data, not the data (RFC 8463 §3: PureEdDSA over the hash).
   */
  byte[] sign(DkimKey key, byte[] data, int len) {
    try {
      Signature sig = signatures.get(key.algorithm());
      if (sig == null) {
        sig = Signature.getInstance(key.algorithm() == DkimAlgorithm.RSA_SHA256 ? "SHA256withRSA" : "Ed25519");
        signatures.put(key.algorithm(), sig);
      }
      sig.initSign(key.privateKey());
      if (key.algorithm() == DkimAlgorithm.ED25519_SHA256) {
        headerDigest.reset();
        headerDigest.update(data, 0, len);
        sig.update(headerDigest.digest());
      } else {
        sig.update(data, 0, len);
      }
      return sig.sign();
    } catch (GeneralSecurityException e) {
      throw new DkimException(DkimException.Problem.BAD_KEY, "signing with " + key + " failed: " + e.getMessage(), e);
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
