package dev.sluice.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The provider choice: the measured order, and the same signature fields whichever provider signs
 * (fixed clock; both algorithms deterministic), including with fresh keys in the JDK's key objects
 * that a native provider must translate.
 */
class SignatureProvidersTest {

  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1764720000), ZoneOffset.UTC);
  private static final String MESSAGE = "From: Joe <joe@example.com>\r\nTo: mary@example.net\r\nSubject: hi\r\n"
      + "Date: Wed, 03 Dec 2025 09:00:00 +0000\r\nMessage-ID: <1@example.com>\r\n\r\nHello\r\n";

  @Test
  void prefersAmazonCorrettoForBothAlgorithmsThenTheMeasuredRunnersUp() {
    assertThat(SignatureProviders.available(DkimAlgorithm.RSA_SHA256)).extracting(p -> p.getName())
        .containsExactly("AmazonCorrettoCryptoProvider", "Conscrypt");
    assertThat(SignatureProviders.available(DkimAlgorithm.ED25519_SHA256)).extracting(p -> p.getName())
        .containsExactly("AmazonCorrettoCryptoProvider", "BC");
    assertThat(SignatureProviders.offers(SignatureProviders.conscrypt().orElseThrow(), DkimAlgorithm.ED25519_SHA256))
        .isFalse();
  }

  @Test
  void everyProviderWritesTheSameFieldsAsTheJdk() {
    KeyTable keys = KeyTable.of(List.of(
        DkimKey.of("example.com", "r1", DkimKeyPair.generate(DkimAlgorithm.RSA_SHA256, 2048).privateKey()),
        DkimKey.of("example.com", "e1", DkimKeyPair.generate(DkimAlgorithm.ED25519_SHA256, 0).privateKey())));
    String jdk = fields(DkimSigner.builder(keys).clock(CLOCK).build());
    DkimSigner fastest = DkimSigner.builder(keys).clock(CLOCK).fastestProvider().build();
    assertThat(fastest.providerName(DkimAlgorithm.RSA_SHA256)).isEqualTo("AmazonCorrettoCryptoProvider");
    assertThat(fastest.providerName(DkimAlgorithm.ED25519_SHA256)).isEqualTo("AmazonCorrettoCryptoProvider");
    assertThat(fields(fastest)).isEqualTo(jdk).contains("a=rsa-sha256;").contains("a=ed25519-sha256;");
    for (var p : List.of(SignatureProviders.bouncyCastle().orElseThrow(), SignatureProviders.conscrypt().orElseThrow())) {
      DkimSigner s = DkimSigner.builder(keys).clock(CLOCK).provider(p).build();
      assertThat(fields(s)).as(p.getName()).isEqualTo(jdk);
    }
    DkimSigner conscrypt = DkimSigner.builder(keys).provider(SignatureProviders.conscrypt().orElseThrow()).build();
    assertThat(conscrypt.providerName(DkimAlgorithm.RSA_SHA256)).isEqualTo("Conscrypt");
    assertThat(conscrypt.providerName(DkimAlgorithm.ED25519_SHA256)).isEqualTo("JDK");
    assertThat(DkimSigner.builder(keys).build().providerName(DkimAlgorithm.RSA_SHA256)).isEqualTo("JDK");
  }

  private static String fields(DkimSigner s) {
    return new String(s.signatureFields(Unpooled.copiedBuffer(MESSAGE, StandardCharsets.US_ASCII), false),
        StandardCharsets.US_ASCII);
  }
}
