package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipeliningTest {

  @Test
  void processesAPipelinedTransactionInOrder() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().start(); RawClient c = RawClient.connect(sink)) {
      c.reply();
      c.send("EHLO c.test\r\nMAIL FROM:<a@example.test>\r\nRCPT TO:<b@example.test>\r\nRCPT TO:<bad address>\r\n"
          + "RCPT TO:<c@example.test>\r\nDATA\r\n");

      List<RawClient.Reply> replies = c.replies(6);

      assertThat(replies).extracting(RawClient.Reply::code).containsExactly(250, 250, 250, 501, 250, 354);
      c.send("one\r\n.\r\nMAIL FROM:<x@example.test>\r\nRCPT TO:<y@example.test>\r\nDATA\r\n");
      assertThat(c.replies(4)).extracting(RawClient.Reply::code).containsExactly(250, 250, 250, 354);
      c.send("two\r\n.\r\nQUIT\r\n");
      assertThat(c.replies(2)).extracting(RawClient.Reply::code).containsExactly(250, 221);

      List<StoredMessage> messages = sink.awaitMessages(2, Duration.ofSeconds(5));
      assertThat(messages.get(0).recipientAddresses()).containsExactly("b@example.test", "c@example.test");
      assertThat(messages.get(0).dataAsString()).isEqualTo("one\r\n");
      assertThat(messages.get(1).from()).isEqualTo("x@example.test");
      assertThat(messages.get(1).dataAsString()).isEqualTo("two\r\n");
    }
  }

  @Test
  void processesHundredsOfPipelinedTransactionsSentInOneWrite() throws Exception {
    int n = 300;
    StringBuilder all = new StringBuilder("EHLO c.test\r\n");
    for (int i = 0; i < n; i++) {
      all.append("MAIL FROM:<a@example.test>\r\nRCPT TO:<b").append(i).append("@example.test>\r\nBDAT 5 LAST\r\n")
          .append(String.format("%05d", i));
    }
    try (SmtpSink sink = SmtpSink.builder().start(); RawClient c = RawClient.connect(sink)) {
      c.reply();
      c.send(all.append("QUIT\r\n").toString());

      List<RawClient.Reply> replies = c.replies(1 + 3 * n + 1);

      assertThat(replies).extracting(RawClient.Reply::code).allMatch(code -> code == 250 || code == 221);
      List<StoredMessage> messages = sink.awaitMessages(n, Duration.ofSeconds(10));
      for (int i = 0; i < n; i++) {
        assertThat(messages.get(i).dataAsString()).isEqualTo(String.format("%05d", i));
        assertThat(messages.get(i).recipientAddresses()).containsExactly("b" + i + "@example.test");
      }
    }
  }
}
