package dev.sluice.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PemKeysTest {

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
        + "-----\n";
  }

  @Test
  void readsPkcs1RsaByWrappingItInTheSamePkcs8TheJdkWrites() {
    PrivateKey key = PemKeys.parse(new String(KnownAnswers.resource("dkimpy-rsa2048.pem"), StandardCharsets.US_ASCII),
        "kat");
    assertThat(key.getAlgorithm()).isEqualTo("RSA");
    // The JDK's own PKCS#8 encoding of the key is exactly our wrapping of the PKCS#1 bytes.
    String pkcs1 = new String(KnownAnswers.resource("dkimpy-rsa2048.pem"), StandardCharsets.US_ASCII)
        .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    assertThat(PemKeys.pkcs1ToPkcs8(Base64.getDecoder().decode(pkcs1))).isEqualTo(key.getEncoded());
  }

  @Test
  void readsPkcs8RsaAndEd25519() {
    DkimKeyPair rsa = DkimKeyPair.generate(DkimAlgorithm.RSA_SHA256, 2048);
    DkimKeyPair ed = DkimKeyPair.generate(DkimAlgorithm.ED25519_SHA256, 0);
    assertThat(PemKeys.parse(rsa.privateKeyPem(), "rsa").getEncoded()).isEqualTo(rsa.privateKey().getEncoded());
    PrivateKey edKey = PemKeys.parse(ed.privateKeyPem(), "ed");
    assertThat(DkimKey.algorithmOf(edKey)).isEqualTo(DkimAlgorithm.ED25519_SHA256);
    assertThat(edKey.getEncoded()).isEqualTo(ed.privateKey().getEncoded());
  }

  @Test
  void refusesEncryptedKeysWithAHint() {
    String pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";
    assertThatThrownBy(() -> PemKeys.parse(pem, "k.pem")).isInstanceOf(DkimException.class)
        .hasMessageContaining("encrypted").hasMessageContaining("openssl pkey")
        .extracting(e -> ((DkimException) e).problem()).isEqualTo(DkimException.Problem.BAD_KEY);
  }

  @Test
  void refusesKeysDkimCannotUse() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    assertThatThrownBy(() -> PemKeys.parse(pem("PRIVATE KEY", ec.generateKeyPair().getPrivate().getEncoded()), "ec"))
        .isInstanceOf(DkimException.class).hasMessageContaining("RSA and Ed25519");
    KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
    small.initialize(512);
    assertThatThrownBy(() -> PemKeys.parse(pem("PRIVATE KEY", small.generateKeyPair().getPrivate().getEncoded()), "s"))
        .isInstanceOf(DkimException.class).hasMessageContaining("512 bits");
    assertThatThrownBy(() -> PemKeys.parse("hello", "x")).isInstanceOf(DkimException.class)
        .hasMessageContaining("PEM");
    assertThatThrownBy(() -> PemKeys.parse(pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}), "junk"))
        .isInstanceOf(DkimException.class).hasMessageContaining("not a valid RSA");
    assertThatThrownBy(() -> PemKeys.parse(pem("OPENSSH PRIVATE KEY", new byte[] {1}), "ssh"))
        .isInstanceOf(DkimException.class).hasMessageContaining("not supported");
  }

  @Test
  void publishesTheRawEd25519KeyAndTheRsaSubjectPublicKeyInfo() {
    DkimKeyPair ed = DkimKeyPair.generate(DkimAlgorithm.ED25519_SHA256, 0);
    assertThat(Base64.getDecoder().decode(ed.publicKeyData())).hasSize(32);
    assertThat(ed.txtValue()).startsWith("v=DKIM1; k=ed25519; p=");
    DkimKeyPair rsa = DkimKeyPair.generate(DkimAlgorithm.RSA_SHA256, 2048);
    assertThat(rsa.txtValue()).startsWith("v=DKIM1; k=rsa; p=MII");
    assertThat(rsa.txtZoneValue()).startsWith("\"v=DKIM1").contains("\" \"");
    assertThat(DkimKeyPair.txtName("example.com", "s1")).isEqualTo("s1._domainkey.example.com.");
  }
}
