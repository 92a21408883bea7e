package dev.sluice.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Published signatures reproduced byte for byte: RFC 8463 Appendix A (Ed25519 is deterministic, and
 * so is RSA PKCS#1 v1.5), and RSA signatures made by dkimpy with a fixed key and {@code t=} in each
 * canonicalisation (see {@code make-dkimpy-vectors.py} next to them) — under the JDK's providers
 * and under every provider {@link SignatureProviders} may pick (each must load here: a provider
 * that cannot is a failure, not a skip).
 */
class KnownAnswerTest {

  private static final byte[] RFC_MESSAGE = KnownAnswers.resource("rfc8463-message.eml");

  static Stream<Arguments> providers() {
    return Stream.of(
        Arguments.of("JDK", null),
        Arguments.of("ACCP", SignatureProviders.amazonCorretto().orElseThrow()),
        Arguments.of("BouncyCastle", SignatureProviders.bouncyCastle().orElseThrow()),
        Arguments.of("Conscrypt", SignatureProviders.conscrypt().orElseThrow()));
  }

  static Stream<Arguments> providersAndCanonicalizations() {
    return providers().flatMap(p -> Stream.of("relaxed/relaxed", "relaxed/simple", "simple/simple", "simple/relaxed")
        .map(c -> Arguments.of(p.get()[0], p.get()[1], c)));
  }

  private static String field(List<String> fields, String algorithm) {
    return fields.stream().filter(f -> f.contains("a=" + algorithm + ";")).findFirst().orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void reproducesTheEd25519SignatureOfRfc8463AppendixA(String name, Provider provider) {
    String field = field(KnownAnswers.fields("rfc8463-signatures.txt"), "ed25519-sha256");
    DkimKey key = DkimKey.of("football.example.com", "brisbane",
        PemKeys.parse(new String(KnownAnswers.resource("rfc8463-ed25519.pem"), StandardCharsets.US_ASCII), "rfc"));
    assertThat(KnownAnswers.bodyHash(RFC_MESSAGE, Canonicalization.RELAXED_RELAXED))
        .isEqualTo(KnownAnswers.tag(field, "bh")).isEqualTo("2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=");
    SignatureEngines engines = SignatureEngines.of(provider);
    assertThat(KnownAnswers.signature(RFC_MESSAGE, field, key, engines)).isEqualTo(KnownAnswers.tag(field, "b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void reproducesTheRsaSignatureOfRfc8463AppendixAFromItsPkcs1Key(String name, Provider provider) {
    String field = field(KnownAnswers.fields("rfc8463-signatures.txt"), "rsa-sha256");
    DkimKey key = DkimKey.of("football.example.com", "test",
        PemKeys.parse(new String(KnownAnswers.resource("rfc8463-rsa.pem"), StandardCharsets.US_ASCII), "rfc"));
    SignatureEngines engines = SignatureEngines.of(provider);
    assertThat(KnownAnswers.signature(RFC_MESSAGE, field, key, engines)).isEqualTo(KnownAnswers.tag(field, "b"));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("providersAndCanonicalizations")
  void reproducesDkimpysRsaSignatures(String name, Provider provider, String c) {
    byte[] message = KnownAnswers.resource("dkimpy-message.eml");
    String field = KnownAnswers.fields("dkimpy-vectors.txt").stream().filter(f -> f.contains("c=" + c + ";"))
        .findFirst().orElseThrow();
    DkimKey key = DkimKey.of("example.com", "kat",
        PemKeys.parse(new String(KnownAnswers.resource("dkimpy-rsa2048.pem"), StandardCharsets.US_ASCII), "kat"));
    assertThat(KnownAnswers.bodyHash(message, Canonicalization.parse(c))).isEqualTo(KnownAnswers.tag(field, "bh"));
    SignatureEngines engines = SignatureEngines.of(provider);
    assertThat(KnownAnswers.signature(message, field, key, engines)).isEqualTo(KnownAnswers.tag(field, "b"));
  }
}
