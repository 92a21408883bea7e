package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesOneEmlAndOneEnvelopePerMessageAndNoTemporaryFiles(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("mail");
    try (SmtpSink sink = SmtpSink.builder().directory(dir).start(); RawClient c = RawClient.connect(sink)) {
      c.hello();
      RawClient.Reply reply = Transactions.sendData(c, "a@example.test", "b@example.test", "Subject: s\r\n\r\n..dot\r\n.\r\n");
      String id = reply.text().substring(reply.text().lastIndexOf(' ') + 1);

      assertThat(names(dir)).containsExactly(id + ".eml", id + ".envelope");
      assertThat(Files.readString(dir.resolve(id + ".eml"))).isEqualTo("Subject: s\r\n\r\n.dot\r\n");
      assertThat(Files.readString(dir.resolve(id + ".envelope")))
          .contains("id: " + id + "\n", "ehlo: client.example.test\n", "tls: none\n", "transfer: DATA\n",
              "size: 20\n", "from: <a@example.test>\n", "rcpt: <b@example.test>\n");
      assertThat(sink.counters().messages()).isEqualTo(1);
    }
  }

  @Test
  void countsWithoutKeepingAnything() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().countOnly().start(); RawClient c = RawClient.connect(sink)) {
      c.hello();
      for (int i = 0; i < 3; i++) {
        assertThat(Transactions.sendMessage(c).toString()).isEqualTo("250 2.0.0 Ok: queued");
      }
      SinkCounters counters = sink.counters();
      assertThat(counters.messages()).isEqualTo(3);
      assertThat(counters.bytes()).isEqualTo(3 * "Subject: t\r\n\r\nhello\r\n".length());
      assertThat(counters.recipients()).isEqualTo(3);
      assertThat(counters.connections()).isEqualTo(1);
      assertThat(counters.activeConnections()).isEqualTo(1);
    }
  }

  @Test
  void forgetsMessagesWhenCleared() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().start(); RawClient c = RawClient.connect(sink)) {
      c.hello();
      Transactions.sendMessage(c);
      sink.clearMessages();
      assertThat(sink.messages()).isEmpty();
      Transactions.sendMessage(c);
      assertThat(sink.messages()).hasSize(1);
    }
  }
}
