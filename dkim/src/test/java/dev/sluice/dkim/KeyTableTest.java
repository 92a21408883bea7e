package dev.sluice.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyTableTest {

  @TempDir
  Path dir;

  private Path key(String name, DkimAlgorithm a) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, DkimKeyPair.generate(a, 1024).privateKeyPem());
    return p;
  }

  @Test
  void readsKeysPerDomainWithRelativePathsAndComments() throws Exception {
    key("rsa.pem", DkimAlgorithm.RSA_SHA256);
    key("ed.pem", DkimAlgorithm.ED25519_SHA256);
    Path table = dir.resolve("keys.table");
    Files.writeString(table, "# domain selector keyfile\n\nexample.com  r2026  rsa.pem\nexample.com\ted2026\ted.pem # both\n"
        + "Other.ORG s1 " + dir.resolve("rsa.pem") + "\n");
    KeyTable t = KeyTable.read(table);
    assertThat(t.keysFor("example.com")).extracting(DkimKey::algorithm)
        .containsExactly(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256);
    assertThat(t.keysFor("EXAMPLE.com")).hasSize(2);
    assertThat(t.keysFor("news.example.com")).extracting(DkimKey::domain).containsOnly("example.com");
    assertThat(t.keysFor("other.org")).singleElement().extracting(DkimKey::selector).isEqualTo("s1");
  }

  @Test
  void aDomainWithoutKeyIsAClearError() throws Exception {
    key("rsa.pem", DkimAlgorithm.RSA_SHA256);
    Path table = dir.resolve("t");
    Files.writeString(table, "example.com s rsa.pem\n");
    assertThatThrownBy(() -> KeyTable.read(table).keysFor("example.net")).isInstanceOf(DkimException.class)
        .hasMessageContaining("example.net").hasMessageContaining("example.com")
        .extracting(e -> ((DkimException) e).problem()).isEqualTo(DkimException.Problem.NO_KEY_FOR_DOMAIN);
  }

  @Test
  void badLinesAndMissingKeysNameTheLine() throws Exception {
    Path table = dir.resolve("t");
    Files.writeString(table, "example.com s\n");
    assertThatThrownBy(() -> KeyTable.read(table)).hasMessageContaining("line 1")
        .hasMessageContaining("domain selector keyfile");
    Files.writeString(table, "\nexample.com s missing.pem\n");
    assertThatThrownBy(() -> KeyTable.read(table)).hasMessageContaining("line 2").hasMessageContaining("missing.pem")
        .extracting(e -> ((DkimException) e).problem()).isEqualTo(DkimException.Problem.BAD_KEY);
    key("rsa.pem", DkimAlgorithm.RSA_SHA256);
    Files.writeString(table, "exa;mple.com s rsa.pem\n");
    assertThatThrownBy(() -> KeyTable.read(table)).hasMessageContaining("a character a DNS name cannot have").hasMessageContaining("line 1");
    Files.writeString(table, "example.com s rsa.pem\nexample.com s rsa.pem\n");
    assertThatThrownBy(() -> KeyTable.read(table)).hasMessageContaining("two keys for selector s");
    Files.writeString(table, "# nothing\n");
    assertThatThrownBy(() -> KeyTable.read(table)).hasMessageContaining("no keys");
  }
}
