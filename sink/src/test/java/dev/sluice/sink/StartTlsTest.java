package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sink.tls.CertificateBuilder;
import dev.sluice.sink.tls.CertifiedKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartTlsTest {

  private static final CertifiedKey KEY = CertificateBuilder.forHosts("localhost", "127.0.0.1").selfSigned();

  private static SmtpSinkBuilder startTls() {
    return SmtpSink.builder().tls(TlsMode.STARTTLS).certificate(KEY);
  }

  @Test
  void upgradesToTlsAndForgetsTheCleartextEhlo() throws Exception {
    try (SmtpSink sink = startTls().start(); RawClient c = RawClient.connect(sink)) {
      assertThat(c.hello().lines()).contains("STARTTLS");
      assertThat(c.command("STARTTLS").toString()).isEqualTo("220 2.0.0 Ready to start TLS");
      c.startTls(KEY);

      assertThat(c.command("MAIL FROM:<a@example.test>").toString()).isEqualTo("503 5.5.1 Error: send HELO/EHLO first");
      assertThat(c.command("EHLO c.test").lines()).doesNotContain("STARTTLS");
      assertThat(c.command("STARTTLS").toString()).isEqualTo("554 5.5.1 Error: TLS already active");
      assertThat(Transactions.sendMessage(c).code()).isEqualTo(250);
      StoredMessage m = sink.awaitMessages(1, Duration.ofSeconds(5)).get(0);
      assertThat(m.tls()).isTrue();
      assertThat(m.tlsProtocol()).isEqualTo(c.tlsProtocol());
      assertThat(sink.counters().tlsHandshakes()).isEqualTo(1);
    }
  }

  @Test
  void neverExecutesCommandsPipelinedBehindStartTls() throws Exception {
    try (SmtpSink sink = startTls().start(); RawClient c = RawClient.connect(sink)) {
      c.hello();

      c.send("STARTTLS\r\nMAIL FROM:<evil@example.test>\r\nRCPT TO:<victim@example.test>\r\n");

      assertThat(c.reply().toString()).isEqualTo("220 2.0.0 Ready to start TLS");
      // A reply to the injected MAIL would arrive here in cleartext and break the handshake.
      c.startTls(KEY);
      c.command("EHLO c.test");
      assertThat(c.command("DATA").toString()).isEqualTo("503 5.5.1 Error: need MAIL command");
      assertThat(sink.counters().commands()).isEqualTo(4); // EHLO, STARTTLS, EHLO, DATA
      assertThat(sink.counters().discardedAfterStartTls()).isEqualTo(1);
    }
  }

  @Test
  void neverExecutesCleartextThatArrivesWhileThe220IsHeldBack() throws Exception {
    try (SmtpSink sink = startTls().fault("starttls:delay=300ms").start(); RawClient c = RawClient.connect(sink)) {
      c.hello();
      c.send("STARTTLS\r\n");
      Thread.sleep(50);
      c.send("MAIL FROM:<evil@example.test>\r\n");

      assertThat(c.reply().code()).isEqualTo(220);
      // The sink did not read while it held the 220: the injected bytes reach TLS, which refuses them
      // (the client sees an alert or a reset, depending on timing).
      assertThatThrownBy(() -> c.startTls(KEY)).isInstanceOf(java.io.IOException.class);
      Await.until("the sink closed the connection", () -> sink.counters().activeConnections() == 0);
      assertThat(sink.counters().commands()).isEqualTo(2); // EHLO, STARTTLS
      assertThat(sink.counters().tlsFailures()).isEqualTo(1);
    }
  }

  @Test
  void greetsOverTlsWithImplicitTls() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().tls(TlsMode.IMPLICIT).certificate(KEY).start();
        RawClient c = RawClient.connectTls(sink, KEY)) {
      assertThat(c.hello().lines()).doesNotContain("STARTTLS");
      assertThat(Transactions.sendMessage(c).code()).isEqualTo(250);
      assertThat(sink.awaitMessages(1, Duration.ofSeconds(5)).get(0).tls()).isTrue();
    }
  }

  @Test
  void acceptsOnlyTheConfiguredProtocolVersions() throws Exception {
    try (SmtpSink sink = startTls().tlsProtocols("TLSv1.2").start()) {
      try (RawClient c = RawClient.connect(sink)) {
        c.hello();
        c.command("STARTTLS");
        assertThatThrownBy(() -> c.startTls(KEY, "TLSv1.3")).isInstanceOf(SSLException.class);
      }
      try (RawClient c = RawClient.connect(sink)) {
        c.hello();
        c.command("STARTTLS");
        c.startTls(KEY);
        assertThat(c.tlsProtocol()).isEqualTo("TLSv1.2");
      }
      assertThat(sink.counters().tlsFailures()).isEqualTo(1);
    }
  }

  @Test
  void requiresTlsBeforeMailWhenConfiguredTo() throws Exception {
    try (SmtpSink sink = startTls().requireTls(true).start(); RawClient c = RawClient.connect(sink)) {
      c.hello();
      assertThat(c.command("MAIL FROM:<a@example.test>").toString())
          .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
    }
  }

  @Test
  void refusesStartTlsInsideATransaction() throws Exception {
    try (SmtpSink sink = startTls().start(); RawClient c = RawClient.connect(sink)) {
      c.hello();
      c.command("MAIL FROM:<a@example.test>");
      assertThat(c.command("STARTTLS").code()).isEqualTo(503);
      assertThat(c.command("STARTTLS now").code()).isEqualTo(501);
    }
  }

  @Test
  void presentsACertificateReadFromPemFiles(@TempDir Path dir) throws Exception {
    CertifiedKey own = CertificateBuilder.forHosts("localhost").withRsaKey().selfSigned();
    Path chain = dir.resolve("chain.pem");
    Path key = dir.resolve("key.pem");
    own.writePem(chain, key);
    // the traditional PKCS#1 form ("BEGIN RSA PRIVATE KEY") must be read too
    Path traditional = dir.resolve("rsa.pem");
    try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(traditional))) {
      w.writeObject(new KeyPair(own.certificate().getPublicKey(), own.privateKey()));
    }

    for (Path k : new Path[] {key, traditional}) {
      try (SmtpSink sink = startTls().certificate(chain, k).start(); RawClient c = RawClient.connect(sink)) {
        assertThat(sink.certificate().certificate()).isEqualTo(own.certificate());
        c.hello();
        c.command("STARTTLS");
        c.startTls(own);
        assertThat(c.command("EHLO c.test").code()).isEqualTo(250);
      }
    }
  }

  @Test
  void saysWhatIsMissingFromAPemFile(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
    Path chain = dir.resolve("chain.pem");
    KEY.writePem(chain, dir.resolve("key.pem"));

    assertThatThrownBy(() -> SmtpSink.builder().certificate(empty, empty)).hasMessageContaining("no PEM certificate");
    assertThatThrownBy(() -> SmtpSink.builder().certificate(chain, empty)).hasMessageContaining("no unencrypted PEM");
    assertThatThrownBy(() -> SmtpSink.builder().certificate(dir.resolve("missing.pem"), empty))
        .hasMessageContaining("missing.pem");
  }
}
