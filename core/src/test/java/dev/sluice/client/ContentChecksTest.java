package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.codec.SmtpCommands;
import dev.sluice.sink.Extension;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, item 7: a file's size off the event loop, UTF-8 header fields, AUTH never shown. */
class ContentChecksTest {

  private static SmtpClientConfig plain(SmtpSink sink) {
    return SmtpClientConfig.builder("127.0.0.1").port(sink.port()).tlsMode(TlsMode.NONE).heloName("client.test")
        .timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(1).build();
  }

  @Test
  void aFilesSizeIsNeverAskedOnAnEventLoopYetSizeIsDeclared(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("m.eml");
    Files.writeString(file, "Subject: file\r\n\r\nfrom a file\r\n");
    try (SmtpSink sink = SmtpSink.builder().inMemory().start(); SmtpClient client = SmtpClient.create(plain(sink))) {
      SmtpSession session = client.connect().get();
      MessageContent content = MessageContent.ofFile(file);
      // On the event loop (as from a completion callback): no file-system call there.
      OptionalLong onLoop = client.group().next().submit(content::size).get();
      assertThat(onLoop).as("not stat'ed on an event loop").isEmpty();

      CompletableFuture<SendResult> sent = client.group().next().submit(() -> session.send(
          Envelope.of("a@example.test", "b@example.test"), content)).get();
      assertThat(sent.get().accepted()).isTrue();
      session.quit().get();
      content.release();
      StoredMessage m = sink.awaitMessages(1, Duration.ofSeconds(5)).get(0);
      assertThat(m.mailParameters()).containsEntry("SIZE", String.valueOf(Files.size(file)));
    }
  }

  private static final byte[] UTF8_HEADER = "Subject: Grüße\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void refusesUtf8HeaderFieldsWhenTheServerLacksSmtputf8() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().disable(Extension.SMTPUTF8).start();
         SmtpClient client = SmtpClient.create(plain(sink))) {
      SmtpSession session = client.connect().get();
      CompletableFuture<SendResult> sent = session.send(Envelope.of("a@example.test", "b@example.test"),
          MessageContent.of(UTF8_HEADER));
      Throwable e = null;
      try {
        sent.get();
      } catch (ExecutionException x) {
        e = x.getCause();
      }
      assertThat(e).isInstanceOfSatisfying(MessageRefusedException.class, r -> {
        assertThat(r.reason()).isEqualTo(MessageRefusedException.Reason.SMTPUTF8_NOT_SUPPORTED);
        assertThat(r.hint()).contains("RFC 2047");
      });
      session.quit().get();
      assertThat(sink.counters().messages()).isZero();
    }
  }

  @Test
  void sendsUtf8HeaderFieldsWithSmtputf8WhenOffered() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().inMemory().start(); SmtpClient client = SmtpClient.create(plain(sink))) {
      SmtpSession session = client.connect().get();
      assertThat(session.send(Envelope.of("a@example.test", "b@example.test"), MessageContent.of(UTF8_HEADER)).get()
          .accepted()).isTrue();
      session.quit().get();
      assertThat(sink.awaitMessages(1, Duration.ofSeconds(5)).get(0).smtpUtf8()).isTrue();
    }
  }

  @Test
  void anAuthRequestNeverShowsItsSecret() {
    String secret = "AHVzZXIAc2VjcmV0LXBhc3N3b3Jk";
    assertThat(SmtpCommands.auth("PLAIN", secret).toString()).contains("PLAIN").doesNotContain(secret);
    assertThat(String.valueOf(SmtpCommands.auth("PLAIN", secret).parameters().get(1))).isEqualTo(secret);
  }
}
