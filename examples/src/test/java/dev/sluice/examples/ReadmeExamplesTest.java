package dev.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.PoolConfig;
import dev.sluice.client.bulk.SmtpPool;
import dev.sluice.codec.InvalidArgumentException;
import dev.sluice.dkim.DkimException;
import dev.sluice.dkim.DkimSigner;
import dev.sluice.dkim.KeyTable;
import dev.sluice.route.RouterConfig;
import dev.sluice.route.StaticRoute;
import dev.sluice.route.shaping.Shaping;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import jakarta.mail.Message;
import jakarta.mail.Session;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's snippets (dev.sluice.examples) against an embedded sink with STARTTLS and AUTH. */
class ReadmeExamplesTest {

  private static final String PASSWORD = "example-password";
  static SmtpSink sink;
  static Path caFile;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    sink = SmtpSink.builder().bind("127.0.0.1").port(0).tls(dev.sluice.sink.TlsMode.STARTTLS)
        .user("me@example.com", PASSWORD).inMemory().start();
    caFile = tmp.resolve("ca.pem");
    Files.writeString(caFile, sink.certificate().certificatePem());
  }

  @AfterAll
  static void stop() {
    sink.close();
  }

  @BeforeEach
  void clear() {
    sink.clearMessages();
  }

  private static SmtpClientConfig sinkConfig() {
    return SmtpClientConfig.builder("127.0.0.1").port(sink.port()).tlsMode(TlsMode.STARTTLS_REQUIRED)
        .trust(TrustConfig.pemFile(caFile))
        .credentials(dev.sluice.client.Credentials.password("me@example.com", PASSWORD))
        .timeouts(Timeouts.all(Duration.ofSeconds(10))).build();
  }

  @Test
  void quickStartConfigNeedsThePasswordVariable() {
    if (System.getenv("SMTP_PASSWORD") == null) {
      assertThatThrownBy(QuickStart::config).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("password");
    } else {
      SmtpClientConfig c = QuickStart.config();
      assertThat(c.host()).isEqualTo("smtp.example.com");
      assertThat(c.port()).isEqualTo(587);
      assertThat(c.tlsMode()).isEqualTo(TlsMode.STARTTLS_REQUIRED);
    }
  }

  @Test
  void quickStartSends() throws Exception {
    QuickStart.send(sinkConfig());
    StoredMessage m = sink.awaitMessages(1, Duration.ofSeconds(10)).get(0);
    assertThat(m.recipientAddresses()).containsExactly("you@example.org");
    assertThat(m.dataAsString()).contains("Subject: Hello", "Hi there");
  }

  @Test
  void bulkSendsEveryEnvelopeAndLogsEachOutcome() throws Exception {
    List<Envelope> envelopes = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      envelopes.add(Envelope.of("me@example.com", "r" + i + "@example.org"));
    }
    MessageContent body = MessageContent.of("Subject: bulk\r\n\r\nhello\r\n");
    BulkExample.LOGGED.clear();
    BulkExample.sendAll(sinkConfig(), envelopes, body);
    body.release();
    assertThat(sink.awaitMessages(25, Duration.ofSeconds(10))).hasSize(25);
    assertThat(BulkExample.LOGGED).hasSize(25).containsOnly(Outcome.Status.DELIVERED);
  }

  @Test
  void jakartaTransportSendGoesThroughSluice() throws Exception {
    MimeMessage sent = JakartaExample.transportSend("127.0.0.1", sink.port(), PASSWORD, caFile.toString());
    StoredMessage m = sink.awaitMessages(1, Duration.ofSeconds(10)).get(0);
    assertThat(m.authenticatedUser()).isEqualTo("me@example.com");
    assertThat(m.tlsProtocol()).isNotNull();
    assertThat(m.dataAsString()).contains("Message-ID: " + sent.getMessageID(), "Hi there");
  }

  @Test
  void messageContentsWithABulkSender() throws Exception {
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
    message.setFrom("me@example.com");
    message.setRecipients(Message.RecipientType.TO, "you@example.org");
    message.setRecipients(Message.RecipientType.BCC, "hidden@example.org");
    message.setSubject("contents");
    message.setText("body");
    JakartaExample.contents(message, sinkConfig());
    StoredMessage m = sink.awaitMessages(1, Duration.ofSeconds(10)).get(0);
    assertThat(m.recipientAddresses()).containsExactly("you@example.org", "hidden@example.org");
    assertThat(m.dataAsString()).doesNotContain("hidden@example.org");
  }

  @Test
  void theProfileSinkAnswersTempfailAndPermfail() throws Exception {
    try (SmtpSink outlook = ProfileExample.outlookLikeSink();
         dev.sluice.client.SmtpClient client = dev.sluice.client.SmtpClient.create(SmtpClientConfig
             .builder("127.0.0.1").port(outlook.port()).tlsMode(TlsMode.NONE)
             .timeouts(Timeouts.all(Duration.ofSeconds(10))).build())) {
      dev.sluice.client.SmtpSession s = client.connect().join();
      var result = s.send(Envelope.of("a@example.com", "tempfail@example.org", "permfail@example.org"),
          MessageContent.of("Subject: x\r\n\r\ny\r\n")).handle((r, e) -> r != null ? r
          : ((dev.sluice.client.SmtpRejectedException) (e.getCause() != null ? e.getCause() : e)).result()).join();
      assertThat(result.recipients().get(0).reply().isTransientFailure()).isTrue();
      assertThat(result.recipients().get(1).reply().isPermanentFailure()).isTrue();
      s.close();
    }
  }

  @Test
  void metricsCountTheMessageAndTheConnection() throws Exception {
    try (SmtpClient poolClient = SmtpClient.create(sinkConfig());
         SmtpPool myPool = new SmtpPool(poolClient, PoolConfig.DEFAULT)) {
      MeterRegistry registry = MetricsExample.sendMeasured(sinkConfig(), myPool,
          Envelope.of("me@example.com", "you@example.org"), MessageContent.of("Subject: metrics\r\n\r\nhi\r\n"));
      sink.awaitMessages(1, Duration.ofSeconds(10));
      assertThat(registry.get("sluice.messages").tag("outcome", "delivered").timer().count()).isEqualTo(1);
      assertThat(registry.get("sluice.connections.opened").tag("client", "newsletter").counter().count())
          .isGreaterThanOrEqualTo(1);
      assertThat(registry.find("sluice.pool.connections").gauges()).isNotEmpty();
    }
  }

  @Test
  void bulkMetersTagTheDestination() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (SmtpClient client = SmtpClient.create(sinkConfig());
         BulkSender sender = BulkSender.create(client, MetricsExample.withDestinations(registry))) {
      sender.submit(Envelope.of("me@example.com", "you@example.org"), MessageContent.of("Subject: d\r\n\r\nd\r\n"))
          .get();
    }
    // fewer than minCount (100) messages: the destination is not admitted yet
    assertThat(registry.get("sluice.messages").tag("outcome", "delivered").tag("destination", "other").timer()
        .count()).isEqualTo(1);
  }

  @Test
  void directDeliveryThroughASmarthostSink() throws Exception {
    assertThat(DirectDeliveryExample.config().port()).isEqualTo(25);
    try (SmtpSink relay = SmtpSink.builder().bind("127.0.0.1").port(0).inMemory().start()) {
      RouterConfig config = RouterConfig.builder().heloName("mta.example.com")
          .smarthost(new StaticRoute("127.0.0.1", relay.port(), false))   // [127.0.0.1]:port, no DNS
          .shaping(Shaping.DEFAULT.withAllowPrivateMx(true)).timeouts(Timeouts.all(Duration.ofSeconds(10))).build();
      DirectDeliveryExample.deliver(config, "Subject: direct\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
      List<StoredMessage> got = relay.awaitMessages(1, Duration.ofSeconds(10));
      assertThat(got).hasSize(1);
      assertThat(got.get(0).recipientAddresses()).containsExactlyInAnyOrder("a@example.org", "b@example.net");
    }
  }

  @Test
  void dkimSignsWhatTheBulkSenderSends() throws Exception {
    if (!Files.exists(Path.of("keys.table"))) {
      assertThatThrownBy(DkimExample::signer).isInstanceOf(DkimException.class).hasMessageContaining("keys.table");
    }
    Path dir = Files.createDirectories(tmp.resolve("dkim"));
    byte[] pkcs8 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();
    Files.writeString(dir.resolve("ed.pem"), "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n");
    Files.writeString(dir.resolve("keys.table"), "example.com  s2026  ed.pem\n");
    DkimSigner signer = DkimExample.fastestSigner(KeyTable.read(dir.resolve("keys.table")));
    try (SmtpClient client = SmtpClient.create(sinkConfig())) {
      Outcome outcome = DkimExample.sendSigned(client, signer, Envelope.of("me@example.com", "you@example.org"),
          MessageContent.of("From: me@example.com\r\nTo: you@example.org\r\nSubject: signed\r\n\r\nhello\r\n"));
      assertThat(outcome.status()).isEqualTo(Outcome.Status.DELIVERED);
    }
    String data = sink.awaitMessages(1, Duration.ofSeconds(10)).get(0).dataAsString();
    assertThat(data).startsWith("DKIM-Signature:").contains("a=ed25519-sha256", "d=example.com", "s=s2026");
  }
}
