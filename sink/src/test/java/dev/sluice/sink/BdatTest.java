package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BdatTest {

  private SmtpSink sink = SmtpSink.builder().maxMessageSize(100).start();

  @AfterEach
  void close() {
    sink.close();
  }

  private RawClient envelope(String mailParameters) throws Exception {
    RawClient c = RawClient.connect(sink);
    c.hello();
    assertThat(c.command("MAIL FROM:<a@example.test>" + mailParameters).code()).isEqualTo(250);
    assertThat(c.command("RCPT TO:<b@example.test>").code()).isEqualTo(250);
    return c;
  }

  @Test
  void joinsChunksIntoOneMessage() throws Exception {
    try (RawClient c = envelope("")) {
      c.send("BDAT 7\r\nHello, ");
      assertThat(c.reply().toString()).isEqualTo("250 2.0.0 Ok: 7 octets received");
      c.send("BDAT 8 LAST\r\nworld\r\n.");
      assertThat(c.reply().toString()).startsWith("250 2.0.0 Ok: queued as ");
    }
    StoredMessage m = sink.awaitMessages(1, Duration.ofSeconds(5)).get(0);
    assertThat(m.dataAsString()).isEqualTo("Hello, world\r\n.");
    assertThat(m.transfer()).isEqualTo(Transfer.BDAT);
  }

  @Test
  void endsWithAnEmptyLastChunk() throws Exception {
    try (RawClient c = envelope("")) {
      c.send("BDAT 3\r\nabcBDAT 0 LAST\r\n");
      assertThat(c.replies(2)).extracting(RawClient.Reply::code).containsExactly(250, 250);
    }
    assertThat(sink.awaitMessages(1, Duration.ofSeconds(5)).get(0).dataAsString()).isEqualTo("abc");
  }

  @Test
  void keepsBinaryMimeBytesExactly() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int i = 0; i < 64; i++) {
      body.write(i * 4);
    }
    body.write(new byte[] {'\n', '.', '\n', '\r', '.', '\r', 0, (byte) 0xff});
    byte[] bytes = body.toByteArray();
    try (RawClient c = envelope(" BODY=BINARYMIME")) {
      assertThat(c.command("DATA").toString()).isEqualTo("503 5.5.1 Error: BODY=BINARYMIME requires BDAT");
      c.send(("BDAT " + bytes.length + " LAST\r\n").getBytes());
      c.send(bytes);
      assertThat(c.reply().code()).isEqualTo(250);
    }
    StoredMessage m = sink.awaitMessages(1, Duration.ofSeconds(5)).get(0);
    assertThat(m.data()).isEqualTo(bytes);
    assertThat(m.body()).isEqualTo(dev.sluice.codec.BodyType.BINARY_MIME);
  }

  @Test
  void consumesAndRefusesAChunkWithoutMailAndCarriesOn() throws Exception {
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();
      c.send("BDAT 10 LAST\r\nNOOP\r\nNOOP");
      assertThat(c.reply().toString()).isEqualTo("503 5.5.1 Error: need MAIL command");
      assertThat(c.command("NOOP").code()).isEqualTo(250);
    }
    assertThat(sink.counters().commands()).isEqualTo(3);
  }

  @Test
  void refusesAChunkOverTheSizeLimitAndDropsTheMessage() throws Exception {
    try (RawClient c = envelope("")) {
      c.send("BDAT 60\r\n" + "x".repeat(60) + "BDAT 60 LAST\r\n" + "y".repeat(60));
      assertThat(c.replies(2)).extracting(RawClient.Reply::toString)
          .containsExactly("250 2.0.0 Ok: 60 octets received", "552 5.3.4 Error: message too big");
      assertThat(Transactions.sendMessage(c).code()).isEqualTo(250);
    }
    assertThat(sink.awaitMessages(1, Duration.ofSeconds(5))).hasSize(1);
  }

  @Test
  void refusesBdatWhenChunkingIsOffButStillConsumesTheChunk() throws Exception {
    sink.close();
    sink = SmtpSink.builder().disable(Extension.CHUNKING, Extension.BINARYMIME).start();
    try (RawClient c = envelope("")) {
      c.send("BDAT 6 LAST\r\nQUIT\r\n");
      assertThat(c.reply().toString()).isEqualTo("502 5.5.1 Error: command not implemented");
      assertThat(c.command("NOOP").code()).isEqualTo(250);
    }
  }
}
