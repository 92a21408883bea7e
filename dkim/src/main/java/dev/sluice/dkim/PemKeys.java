package dev.sluice.dkim;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Private keys from PEM files: PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or Ed25519) and PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}, what {@code openssl genrsa} and opendkim-genkey write). The JDK
 * reads only PKCS#8, so a PKCS#1 key is wrapped in a PKCS#8 envelope here (a fixed DER prefix: the
 * version, the rsaEncryption algorithm identifier, and an OCTET STRING around the PKCS#1 bytes).
 *
 * <p>Encrypted keys are refused with a hint: a signer that runs unattended cannot ask for a pass
 * phrase, and keeping one in a file next to the key adds nothing.
 */
public final class PemKeys {

  /** rsaEncryption, 1.2.840.113549.1.1.1, as DER. */
  private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 1};
  /** id-Ed25519, 1.3.101.112 (RFC 8410), as DER. */
  private static final byte[] ED25519_OID = {0x06, 0x03, 0x2b, 0x65, 0x70};

  private PemKeys() {}

  /** Reads the key in {@code file}. */
  public static PrivateKey read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new DkimException(DkimException.Problem.BAD_KEY, "cannot read the key file " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new DkimException(DkimException.Problem.BAD_KEY, "the key file " + file + " is not a PEM text file", e);
    }
    return parse(text, file.toString());
  }

  /** Parses PEM text; {@code source} names it in errors. */
  public static PrivateKey parse(String pem, String source) {
    int begin = pem.indexOf("-----BEGIN ");
    if (begin < 0) {
      throw bad(source, "no \"-----BEGIN ... PRIVATE KEY-----\" line (is it a PEM file?)");
    }
    int typeEnd = pem.indexOf("-----", begin + 11);
    if (typeEnd < 0) {
      throw bad(source, "a broken BEGIN line");
    }
    String type = pem.substring(begin + 11, typeEnd);
    String endLine = "-----END " + type + "-----";
    int end = pem.indexOf(endLine, typeEnd);
    if (end < 0) {
      throw bad(source, "no " + endLine + " line");
    }
    String body = pem.substring(typeEnd + 5, end);
    if (type.equals("ENCRYPTED PRIVATE KEY") || body.contains("ENCRYPTED")) {
      throw bad(source, "the key is encrypted; decrypt it once (openssl pkey -in KEY -out PLAIN.pem) and keep the "
          + "plain key readable only by the sender (chmod 600)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(body.strip());
    } catch (IllegalArgumentException e) {
      throw bad(source, "the base64 between the BEGIN and END lines is broken");
    }
    return switch (type) {
      case "PRIVATE KEY" -> pkcs8(der, source);
      case "RSA PRIVATE KEY" -> rsa(pkcs1ToPkcs8(der), source);
      default -> throw bad(source, "a \"" + type + "\" is not supported; use an RSA key (PKCS#1 or PKCS#8) or an "
          + "Ed25519 key (PKCS#8), e.g. from `sluice dkim keygen`");
    };
  }

  private static PrivateKey pkcs8(byte[] der, String source) {
    if (contains(der, ED25519_OID, 32)) {
      try {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | RuntimeException e) {
        throw bad(source, "not a valid Ed25519 PKCS#8 key (" + e.getMessage() + ")");
      }
    }
    if (contains(der, RSA_OID, 32)) {
      return rsa(der, source);
    }
    throw bad(source, "a PKCS#8 key of a type DKIM cannot use (only RSA and Ed25519 are defined)");
  }

  private static PrivateKey rsa(byte[] pkcs8, String source) {
    PrivateKey key;
    try {
      key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw bad(source, "not a valid RSA private key (" + e.getMessage() + ")");
    }
    int bits = key instanceof RSAPrivateCrtKey k ? k.getModulus().bitLength() : 0;
    if (bits < 1024 || bits > 4096) {
      throw bad(source, "an RSA key of " + bits + " bits; DKIM needs 1024 to 4096 (RFC 8301 refuses smaller keys, "
          + "and larger ones do not fit in a DNS record); 2048 is the usual choice");
    }
    return key;
  }

  /**
   * Wraps PKCS#1 RSAPrivateKey DER in a PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0,
   * SEQUENCE { rsaEncryption, NULL }, OCTET STRING { pkcs1 } }.
   */
  static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 1, 0x05, 0};
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octetHeader = derHeader(0x04, pkcs1.length);
    int contentLength = version.length + algorithm.length + octetHeader.length + pkcs1.length;
    byte[] seqHeader = derHeader(0x30, contentLength);
    byte[] out = new byte[seqHeader.length + contentLength];
    int p = 0;
    for (byte[] part : new byte[][] {seqHeader, version, algorithm, octetHeader, pkcs1}) {
      System.arraycopy(part, 0, out, p, part.length);
      p += part.length;
    }
    return out;
  }

  /** A DER tag and definite length. */
  private static byte[] derHeader(int tag, int length) {
    if (length < 0x80) {
      return new byte[] {(byte) tag, (byte) length};
    }
    byte[] len = BigInteger.valueOf(length).toByteArray();
    int skip = len[0] == 0 ? 1 : 0;
    byte[] out = new byte[2 + len.length - skip];
    out[0] = (byte) tag;
    out[1] = (byte) (0x80 | (len.length - skip));
    System.arraycopy(len, skip, out, 2, len.length - skip);
    return out;
  }

  /** Whether {@code needle} occurs in the first {@code within} bytes (where PKCS#8 keeps its algorithm). */
  private static boolean contains(byte[] der, byte[] needle, int within) {
    int last = Math.min(der.length, within) - needle.length;
    for (int i = 0; i <= last; i++) {
      if (Arrays.equals(der, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }

  private static DkimException bad(String source, String what) {
    return new DkimException(DkimException.Problem.BAD_KEY, "key " + source + ": " + what);
  }
}
