package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.ScriptedServer;
import dev.sluice.testkit.ScriptedServer.Script;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedSessionTest {

  static SmtpClientConfig.Builder config(ScriptedServer server) {
    return SmtpClientConfig.builder("localhost").port(server.port()).heloName("client.test")
        .timeouts(Timeouts.all(Duration.ofSeconds(5)));
  }

  @Test
  void pipelinesMailRcptAndDataInOneWriteAndTheNextMessageBehindTheDot() throws Exception {
    Script script = Script.create().greetAndEhlo("PIPELINING", "8BITMIME")
        .expect("MAIL FROM:<a@example.test>").expect("RCPT TO:<b@example.test>").expect("DATA")
        .send("250 2.1.0 ok\r\n250 2.1.5 ok\r\n354 go ahead\r\n")
        .readData()
        .expect("MAIL FROM:<a@example.test>").expect("RCPT TO:<c@example.test>").expect("DATA")
        .send("250 2.0.0 queued as 1\r\n250 ok\r\n250 ok\r\n354 go\r\n")
        .readData()
        .send("250 2.0.0 queued as 2\r\n")
        .expect("QUIT").send("221 bye\r\n").close();
    try (ScriptedServer server = ScriptedServer.start(script);
         SmtpClient client = SmtpClient.create(config(server).tlsMode(TlsMode.NONE).build())) {
      SmtpSession session = client.connect().get();
      MessageContent body = MessageContent.of("Subject: hi\r\n\r\nhello\r\n");

      var first = session.send(Envelope.of("a@example.test", "b@example.test"), body);
      var second = session.send(Envelope.of("a@example.test", "c@example.test"), body);
      SendResult r1 = first.get();
      SendResult r2 = second.get();
      session.quit().get();
      body.release();

      assertThat(server.errors()).isEmpty();
      assertThat(r1.accepted()).isTrue();
      assertThat(r1.dataReply().line(0)).isEqualTo("2.0.0 queued as 1");
      assertThat(r2.dataReply().line(0)).isEqualTo("2.0.0 queued as 2");
      assertThat(r2.recipients()).extracting(RecipientResult::address).containsExactly("c@example.test");
      assertThat(server.received()).contains("hello\r\n.\r\nMAIL FROM:<a@example.test>\r\nRCPT TO:<c@example.test>\r\nDATA\r\n");
    }
  }

  @Test
  void reportsEachRecipientAndSucceedsWhenSomeAreAccepted() throws Exception {
    Script script = Script.create().greetAndEhlo("PIPELINING")
        .expect("MAIL").expect("RCPT").expect("RCPT").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n550 5.1.1 no such user\r\n451 4.3.0 try later\r\n354 go\r\n")
        .readData().send("250 2.0.0 queued\r\n")
        .expect("QUIT").send("221 bye\r\n");
    try (ScriptedServer server = ScriptedServer.start(script);
         SmtpClient client = SmtpClient.create(config(server).tlsMode(TlsMode.NONE).build())) {
      SmtpSession session = client.connect().get();

      SendResult result = session.send(
          Envelope.of("a@example.test", List.of("ok@example.test", "nouser@example.test", "later@example.test")),
          MessageContent.of("x")).get();
      session.quit().get();

      assertThat(result.accepted()).isTrue();
      assertThat(result.acceptedRecipients()).extracting(RecipientResult::address).containsExactly("ok@example.test");
      assertThat(result.rejectedRecipients()).extracting(r -> r.reply().code()).containsExactly(550, 451);
    }
  }
}
