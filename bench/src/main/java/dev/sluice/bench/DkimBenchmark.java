package dev.sluice.bench;

import dev.sluice.client.MessageContent;
import dev.sluice.dkim.Canonicalization;
import dev.sluice.dkim.DkimAlgorithm;
import dev.sluice.dkim.DkimKey;
import dev.sluice.dkim.DkimKeyPair;
import dev.sluice.dkim.DkimSigner;
import dev.sluice.dkim.KeyTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import dev.sluice.dkim.SignatureProviders;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DKIM signing, one thread: a whole 1 KiB message signed ({@code sign1KiB}: read, canonicalise,
 * hash, sign, the signature field written and put in front of the message — what the bulk sender's
 * transform does per message), the bare signature of 32 bytes by the provider under test
 * ({@code signatureOnly}: the floor under {@code sign1KiB}, to compare with {@code openssl speed}), and the body pass alone over
 * 100 KiB ({@code canonicalizeAndHash100KiB}: wire line endings, header split, body
 * canonicalisation, SHA-256; the signature left out) next to SHA-256 alone over the same bytes
 * ({@code sha256Only100KiB}, its floor). Scores are operations per second; run with
 * {@code -prof gc} for bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DkimBenchmark {

  @Param({"RSA_SHA256", "ED25519_SHA256"})
  public DkimAlgorithm algorithm;

  @Param({"RELAXED_RELAXED", "SIMPLE_SIMPLE"})
  public Canonicalization canonicalization;

  /** Who signs: the JDK's providers, or one of those {@link SignatureProviders} finds (ACCP, BC, Conscrypt). */
  @Param({"JDK", "ACCP", "BC", "Conscrypt"})
  public String provider;

  private DkimSigner signer;
  private DkimKeyPair pair;
  private Signature jdk;
  private PrivateKey signingKey;
  private final byte[] digest = new byte[32];
  private MessageContent small;
  private ByteBuf big;
  private byte[] bigArray;
  private java.security.MessageDigest sha;

  @Setup
  public void setup() throws Exception {
    pair = DkimKeyPair.generate(algorithm, 2048);
    Provider p = provider(provider);
    signer = DkimSigner.builder(KeyTable.of(List.of(DkimKey.of("example.com", "s1", pair.privateKey()))))
        .canonicalization(canonicalization).provider(p).build();
    String name = algorithm == DkimAlgorithm.RSA_SHA256 ? "SHA256withRSA" : "Ed25519";
    if (p != null && !SignatureProviders.offers(p, algorithm)) {
      p = null; // Conscrypt has no Ed25519: the signer uses the JDK's, and so does this
    }
    jdk = p == null ? Signature.getInstance(name) : Signature.getInstance(name, p);
    signingKey = keyFor(p, pair.privateKey());
    small = MessageContent.of(message(1024));
    bigArray = message(100 * 1024);
    big = Unpooled.directBuffer().writeBytes(bigArray);
    sha = java.security.MessageDigest.getInstance("SHA-256");
  }

  @TearDown
  public void tearDown() {
    small.release();
    big.release();
  }

  /** The provider named {@code name}, or null for "JDK"; fails if it does not load here. */
  static Provider provider(String name) {
    return switch (name) {
      case "JDK" -> null;
      case "ACCP" -> SignatureProviders.amazonCorretto().orElseThrow();
      case "BC" -> SignatureProviders.bouncyCastle().orElseThrow();
      case "Conscrypt" -> SignatureProviders.conscrypt().orElseThrow();
      default -> throw new IllegalArgumentException("provider JDK, ACCP, BC or Conscrypt, not " + name);
    };
  }

  /** {@code key} in {@code p}'s own form, as the signer keeps it (a foreign key object costs a conversion per signature). */
  static PrivateKey keyFor(Provider p, PrivateKey key) throws Exception {
    if (p == null) {
      return key;
    }
    try {
      return KeyFactory.getInstance(key.getAlgorithm(), p).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      return key;
    }
  }

  /** Headers like a newsletter's and text lines of 76 characters, {@code size} bytes in all. */
  static byte[] message(int size) {
    StringBuilder sb = new StringBuilder("From: News <news@example.com>\r\nTo: reader@example.net\r\n"
        + "Subject: This week's news\r\nDate: Wed, 03 Dec 2025 09:00:00 +0000\r\nMessage-ID: <n1@example.com>\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
    String words = "the quick brown fox jumps over the lazy dog and keeps running past the river ";
    while (sb.length() < size - 78) {
      sb.append(words, 0, 76).append("\r\n");
    }
    while (sb.length() < size - 2) {
      sb.append('x');
    }
    return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Benchmark
  public MessageContent sign1KiB() {
    MessageContent signed = signer.sign(small);
    signed.release();
    return signed;
  }

  @Benchmark
  public byte[] signatureOnly() throws Exception {
    jdk.initSign(signingKey);
    jdk.update(digest);
    return jdk.sign();
  }

  /** The floor under canonicalizeAndHash100KiB: SHA-256 of the same 100 KiB, nothing else. */
  @Benchmark
  public byte[] sha256Only100KiB() {
    sha.update(bigArray);
    return sha.digest();
  }

  @Benchmark
  public byte[] canonicalizeAndHash100KiB() {
    return signer.bodyHash(big, false);
  }
}
