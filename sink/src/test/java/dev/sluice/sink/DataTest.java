package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.Vectors;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DataTest {

  private static SmtpSink sink;

  @BeforeAll
  static void start() {
    sink = SmtpSink.builder().maxMessageSize(1000).start();
  }

  @AfterAll
  static void stop() {
    sink.close();
  }

  static List<Vectors.Data> vectors() {
    return Vectors.dataEncoding();
  }

  private static StoredMessage sendAndFetch(byte[] wire) throws Exception {
    sink.clearMessages();
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();
      c.command("MAIL FROM:<a@example.test>");
      c.command("RCPT TO:<b@example.test>");
      assertThat(c.command("DATA").code()).isEqualTo(354);
      c.send(wire);
      assertThat(c.reply().code()).isEqualTo(250);
    }
    return sink.awaitMessages(1, Duration.ofSeconds(5)).get(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void storesTheMessageOfEachWireVectorExactly(Vectors.Data vector) throws Exception {
    assertThat(sendAndFetch(vector.wireBytes()).data()).isEqualTo(vector.messageBytes());
  }

  @Test
  void neverEndsTheMessageAtABareLfDotLf() throws Exception {
    StoredMessage m = sendAndFetch("a\n.\nMAIL FROM:<evil@example.test>\r\n.\r\n".getBytes());

    assertThat(m.dataAsString()).isEqualTo("a\n.\nMAIL FROM:<evil@example.test>\r\n");
  }

  @Test
  void refusesBareLineEndingsWhenConfiguredTo() throws Exception {
    try (SmtpSink strict = SmtpSink.builder().refuseBareLineEndings(true).start();
        RawClient c = RawClient.connect(strict)) {
      c.hello();
      RawClient.Reply reply = Transactions.sendData(c, "a@example.test", "b@example.test", "a\n.\nb\r\n.\r\n");

      assertThat(reply.toString()).isEqualTo("550 5.5.2 Error: bare <CR> or <LF> received");
      assertThat(strict.messages()).isEmpty();
      assertThat(Transactions.sendMessage(c).code()).isEqualTo(250);
    }
  }

  @Test
  void refusesAMessageOverTheSizeLimitAtItsEndAndCarriesOn() throws Exception {
    sink.clearMessages();
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();
      RawClient.Reply tooBig = Transactions.sendData(c, "a@example.test", "b@example.test",
          ("x".repeat(99) + "\r\n").repeat(11) + ".\r\n");

      assertThat(tooBig.toString()).isEqualTo("552 5.3.4 Error: message too big");
      assertThat(Transactions.sendMessage(c).code()).isEqualTo(250);
    }
    assertThat(sink.awaitMessages(1, Duration.ofSeconds(5))).hasSize(1);
  }

  @Test
  void refusesADeclaredSizeOverTheLimitAtMail() throws Exception {
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();
      assertThat(c.command("MAIL FROM:<a@example.test> SIZE=1001").code()).isEqualTo(552);
      assertThat(c.command("MAIL FROM:<a@example.test> SIZE=1000").code()).isEqualTo(250);
    }
  }

  @Test
  void storesAnEmptyMessage() throws Exception {
    assertThat(sendAndFetch(".\r\n".getBytes()).size()).isZero();
  }
}
