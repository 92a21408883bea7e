package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dkim.KeyTable;
import dev.sluice.dkim.PemKeys;
import dev.sluice.sink.SmtpSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sluice dkim keygen} and {@code --dkim} on send and blast, against the embedded sink. */
class DkimCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = SluiceCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path table(String type) throws Exception {
    Path key = dir.resolve(type + ".pem");
    assertThat(run("dkim", "keygen", "--domain", "example.com", "--selector", "s" + type, "--type", type, "--out",
        key.toString())).isEqualTo(ExitCodes.OK);
    Path table = dir.resolve("keys");
    Files.writeString(table, "example.com s" + type + " " + key + "\n", StandardCharsets.US_ASCII,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    return table;
  }

  @Test
  void keygenWritesAnOwnerOnlyKeyAndPrintsTheRecord() throws Exception {
    Path key = dir.resolve("k.pem");
    assertThat(run("dkim", "keygen", "--domain", "example.com", "--selector", "s1", "--type", "ed25519", "--out",
        key.toString())).isEqualTo(ExitCodes.OK);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(PemKeys.read(key).getAlgorithm()).isEqualTo("EdDSA");
    assertThat(out.toString()).contains("s1._domainkey.example.com. IN TXT \"v=DKIM1; k=ed25519; p=")
        .contains("example.com s1 " + key.toAbsolutePath());
    assertThat(run("dkim", "keygen", "--domain", "example.com", "--selector", "s1", "--out", key.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("exists");
    assertThat(run("dkim", "keygen", "--domain", "ex ample.com", "--selector", "s1", "--out", dir.resolve("x").toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(run("dkim", "keygen", "--domain", "example.com", "--selector", "s1", "--bits", "512", "--out",
        dir.resolve("y").toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(Files.exists(dir.resolve("y"))).isFalse();
  }

  @Test
  void sendSignsWithEveryKeyOfTheFromDomain() throws Exception {
    table("rsa");
    Path keys = table("ed25519");
    assertThat(KeyTable.read(keys).keysFor("example.com")).hasSize(2);
    try (SmtpSink sink = SmtpSink.builder().bind("127.0.0.1").port(0).inMemory().start()) {
      int code = run("send", "--host", "127.0.0.1", "--port", Integer.toString(sink.port()), "--tls", "none",
          "--from", "me@example.com", "--to", "you@example.net", "--subject", "hi", "--body", "hello",
          "--dkim", keys.toString());
      assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
      String stored = new String(sink.messages().get(0).data(), StandardCharsets.UTF_8);
      assertThat(stored).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;")
          .contains("DKIM-Signature: v=1; a=ed25519-sha256;").contains("\r\n\td=example.com; s=sed25519;");
    }
  }

  @Test
  void aFromDomainWithoutKeyOrABadKeyStopsBeforeAnythingIsSent() throws Exception {
    Path keys = table("ed25519");
    try (SmtpSink sink = SmtpSink.builder().bind("127.0.0.1").port(0).inMemory().start()) {
      String port = Integer.toString(sink.port());
      assertThat(run("send", "--host", "127.0.0.1", "--port", port, "--tls", "none", "--from", "me@example.org",
          "--to", "you@example.net", "--body", "x", "--dkim", keys.toString())).isEqualTo(ExitCodes.USAGE);
      assertThat(err.toString()).contains("--dkim: no DKIM key for the From domain example.org");
      Files.writeString(dir.resolve("ed25519.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
      assertThat(run("blast", "--host", "127.0.0.1", "--port", port, "--tls", "none", "--from", "me@example.com",
          "--messages", "5", "--warmup", "0", "--dkim", keys.toString())).isEqualTo(ExitCodes.USAGE);
      assertThat(err.toString()).contains("--dkim:").contains("line 1").contains("ed25519.pem");
      assertThat(sink.messages()).isEmpty();
      assertThat(sink.counters().connections()).isZero();
    }
  }

  @Test
  void blastSignsEveryMessage() throws Exception {
    Path keys = table("ed25519");
    try (SmtpSink sink = SmtpSink.builder().bind("127.0.0.1").port(0).inMemory().start()) {
      int code = run("blast", "--host", "127.0.0.1", "--port", Integer.toString(sink.port()), "--tls", "none",
          "--from", "blast@example.com", "--messages", "50", "--warmup", "0", "--connections", "2",
          "--dkim", keys.toString());
      assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
      assertThat(sink.messages()).hasSize(50).allSatisfy(m -> assertThat(new String(m.data(), StandardCharsets.UTF_8))
          .startsWith("DKIM-Signature: v=1; a=ed25519-sha256;"));
    }
  }
}
