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
import dev.sluice.codec.InvalidArgumentException;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
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
}
