package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sink.SmtpSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WireTraceTest {

  @Test
  void tracesTheDialogueWithAuthPayloadsRedactedAndDataSummarised() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    WireTrace trace = new WireTrace() {
      @Override
      public void sent(String line) {
        lines.add("C: " + line);
      }

      @Override
      public void received(String line) {
        lines.add("S: " + line);
      }
    };
    try (SmtpSink sink = SmtpSink.builder().inMemory().tls(dev.sluice.sink.TlsMode.STARTTLS)
        .user("user@example.test", "s3cret-pass").start();
         SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("localhost").port(sink.port())
             .trust(TrustConfig.certificates(List.of(sink.certificate().certificate())))
             .credentials(Credentials.password("user@example.test", "s3cret-pass")).authMechanisms(List.of("LOGIN"))
             .chunking(ChunkingPolicy.DATA_ONLY).timeouts(Timeouts.all(Duration.ofSeconds(10))).trace(trace).build())) {
      SmtpSession session = client.connect().get();
      session.send(Envelope.of("a@example.test", "b@example.test"), MessageContent.of("Subject: x\r\n\r\nsecret body\r\n"))
          .get();
      session.quit().get();
    }
    String all = String.join("\n", lines);
    String encodedUser = java.util.Base64.getEncoder().encodeToString("user@example.test".getBytes());
    String encodedPassword = java.util.Base64.getEncoder().encodeToString("s3cret-pass".getBytes());
    assertThat(all).contains("C: STARTTLS", "C: AUTH LOGIN", "<redacted SASL response>", "bytes of message data")
        .doesNotContain(encodedPassword, encodedUser, "s3cret-pass", "secret body");
  }
}
