package dev.sluice.it.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dkim.DkimAlgorithm;
import dev.sluice.dkim.DkimKeyPair;
import dev.sluice.it.SluiceCli;
import dev.sluice.it.dkim.DkimVerifiers;
import dev.sluice.sink.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice blast --mx --dkim}: the router signs every message, and dkimpy verifies what the MX hosts got. */
class BlastMxDkimTest {

  @TempDir
  static Path dir;
  static RoutingLab lab;

  @BeforeAll
  static void startLab() throws Exception {
    lab = new RoutingLab().start(dir);
  }

  @AfterAll
  static void stopLab() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void blastMxSignsEveryMessage() throws Exception {
    DkimVerifiers.require();
    DkimKeyPair ed = DkimKeyPair.generate(DkimAlgorithm.ED25519_SHA256, 0);
    Files.writeString(dir.resolve("ed.pem"), ed.privateKeyPem());
    Path table = Files.writeString(dir.resolve("keys.table"), "client.test ed ed.pem\n");
    Path publicKeys = Files.writeString(dir.resolve("public-keys.txt"), "ed._domainkey.client.test " + ed.txtValue() + "\n");
    List<String> cmd = new ArrayList<>(SluiceCli.command("blast", "--mx", "--domains", "3", "--helo", "client.test",
        "--from", "news@client.test", "--messages", "30", "--warmup", "0", "--connections", "2", "--dkim",
        table.toString(), "--dns-server", lab.dns.server(), "--mx-port", String.valueOf(lab.smtpPort()),
        "--allow-private-mx"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("delivered=30 ");

    List<StoredMessage> got = new ArrayList<>(lab.a.messages());
    got.addAll(lab.b.messages());
    assertThat(got).hasSize(30);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i).dataAsString()).startsWith("DKIM-Signature: ");
      files.add(Files.write(dir.resolve("blast-" + i + ".eml"), got.get(i).data()));
    }
    Map<Path, List<String>> withKeys = DkimVerifiers.dkimpyKeysFile(publicKeys, files);
    files.forEach(f -> assertThat(withKeys.get(f)).as(f.getFileName().toString()).containsExactly("pass ed25519-sha256"));
  }
}
