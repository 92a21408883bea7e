package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandsTest {

  private SmtpSink sink = SmtpSink.builder().hostname("sink.example.test").start();

  @AfterEach
  void close() {
    sink.close();
  }

  private void restart(SmtpSinkBuilder builder) {
    sink.close();
    sink = builder.start();
  }

  @Test
  void greetsWithTheConfiguredGreeting() throws Exception {
    restart(SmtpSink.builder().greeting("mx.test ESMTP ready"));
    try (RawClient c = RawClient.connect(sink)) {
      assertThat(c.reply().toString()).isEqualTo("220 mx.test ESMTP ready");
    }
  }

  @Test
  void advertisesEveryExtensionByDefaultInAStableOrder() throws Exception {
    try (RawClient c = RawClient.connect(sink)) {
      assertThat(c.hello().lines()).containsExactly("sink.example.test", "PIPELINING", "SIZE 10485760", "8BITMIME",
          "SMTPUTF8", "ENHANCEDSTATUSCODES", "DSN", "CHUNKING", "BINARYMIME");
    }
  }

  @Test
  void advertisesOnlyTheExtensionsLeftOn() throws Exception {
    restart(SmtpSink.builder().hostname("h.test").extensions(Extension.SIZE, Extension.DSN).maxMessageSize(5000));
    try (RawClient c = RawClient.connect(sink)) {
      assertThat(c.hello().lines()).containsExactly("h.test", "SIZE 5000", "DSN");
    }
  }

  @Test
  void leavesEnhancedStatusCodesOutWhenNotAdvertised() throws Exception {
    restart(SmtpSink.builder().disable(Extension.ENHANCED_STATUS_CODES));
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();
      assertThat(c.command("MAIL FROM:<a@example.test>").toString()).isEqualTo("250 Ok");
      assertThat(c.command("BOGUS").toString()).isEqualTo("500 Error: command not recognized");
    }
  }

  @Test
  void answersHeloWithItsHostname() throws Exception {
    try (RawClient c = RawClient.connect(sink)) {
      c.reply();
      assertThat(c.command("HELO client.test").toString()).isEqualTo("250 sink.example.test");
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "NOOP|250 2.0.0 Ok",
      "noop anything|250 2.0.0 Ok",
      "RSET|250 2.0.0 Ok",
      "RSET now|501 5.5.4 Syntax: this command takes no arguments",
      "VRFY postmaster|252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery",
      "EXPN list|502 5.5.1 Error: command not implemented",
      "HELP|214 2.0.0 Sluice sink: see RFC 5321",
      "XYZZY|500 5.5.2 Error: command not recognized",
      "STARTTLS|502 5.5.1 Error: command not implemented",
      "AUTH PLAIN|503 5.5.1 Error: authentication not enabled",
      "EHLO|501 5.5.4 Syntax: EHLO hostname",
      "MAIL FROM:<a@example.test> SIZE=99999999|552 5.3.4 Message size exceeds fixed maximum message size",
      "MAIL FROM:a@example.test|501 5.5.4 Syntax: MAIL FROM:<address>",
      "MAIL FROM:<not an address>|501 5.1.7 Bad sender address syntax",
      "MAIL FROM:<a@example.test> XYZ=1|555 5.5.4 Unsupported option: XYZ",
      "MAIL FROM:<a@example.test> BODY=9BIT|501 5.5.4 Bad BODY parameter value",
      "MAIL FROM:<a@example.test> RET=ALL|501 5.5.4 Bad RET parameter value",
      "MAIL FROM:<a@example.test> AUTH=<>|555 5.5.4 Unsupported option: AUTH",
      "MAIL FROM:<ü@example.test>|553 5.6.7 Must declare SMTPUTF8 to send unicode address",
      "RCPT TO:<b@example.test>|503 5.5.1 Error: need MAIL command",
      "DATA|503 5.5.1 Error: need MAIL command",
      "BDAT x|501 5.5.4 Syntax: BDAT size [LAST]"})
  void answersEachCommandWithItsRfcReply(String command, String reply) throws Exception {
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();
      assertThat(c.command(command).toString()).isEqualTo(reply);
    }
  }

  @Test
  void wantsHeloBeforeMail() throws Exception {
    try (RawClient c = RawClient.connect(sink)) {
      c.reply();
      assertThat(c.command("MAIL FROM:<a@example.test>").toString()).isEqualTo("503 5.5.1 Error: send HELO/EHLO first");
    }
  }

  @Test
  void refusesANestedMailAndDataWithoutRecipients() throws Exception {
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();
      c.command("MAIL FROM:<a@example.test>");
      assertThat(c.command("MAIL FROM:<a@example.test>").toString()).isEqualTo("503 5.5.1 Error: nested MAIL command");
      assertThat(c.command("DATA").toString()).isEqualTo("554 5.5.1 Error: no valid recipients");
    }
  }

  @Test
  void refusesDsnParametersWhenDsnIsOff() throws Exception {
    restart(SmtpSink.builder().disable(Extension.DSN, Extension.SMTPUTF8));
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();
      assertThat(c.command("MAIL FROM:<a@example.test> RET=HDRS").code()).isEqualTo(555);
      assertThat(c.command("MAIL FROM:<a@example.test> SMTPUTF8").code()).isEqualTo(555);
      c.command("MAIL FROM:<a@example.test>");
      assertThat(c.command("RCPT TO:<b@example.test> NOTIFY=NEVER").code()).isEqualTo(555);
    }
  }

  @Test
  void recordsMailAndRcptParametersAsReceived() throws Exception {
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();
      assertThat(c.command("MAIL FROM:<a@example.test> RET=HDRS ENVID=QQ+2B1 SIZE=20 BODY=8BITMIME").code())
          .isEqualTo(250);
      assertThat(c.command("RCPT TO:<b@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b+2Bx@example.test").code())
          .isEqualTo(250);
      assertThat(c.command("DATA").code()).isEqualTo(354);
      assertThat(c.command("hi\r\n.").code()).isEqualTo(250);
    }
    StoredMessage m = sink.awaitMessages(1, Duration.ofSeconds(5)).get(0);

    assertThat(m.mailParameters()).containsExactly(Map.entry("RET", "HDRS"), Map.entry("ENVID", "QQ+2B1"),
        Map.entry("SIZE", "20"), Map.entry("BODY", "8BITMIME"));
    assertThat(m.envelopeId()).isEqualTo("QQ+1");
    assertThat(m.dsnReturn()).isEqualTo(dev.sluice.codec.DsnReturn.HDRS);
    assertThat(m.body()).isEqualTo(dev.sluice.codec.BodyType.EIGHT_BIT_MIME);
    Recipient r = m.recipients().get(0);
    assertThat(r.dsnNotify()).containsExactlyInAnyOrder(dev.sluice.codec.DsnNotify.SUCCESS,
        dev.sluice.codec.DsnNotify.FAILURE);
    assertThat(r.originalRecipient()).isEqualTo("b+x@example.test");
    assertThat(m.heloName()).isEqualTo("client.example.test");
    assertThat(m.esmtp()).isTrue();
    assertThat(m.tls()).isFalse();
    assertThat(m.transfer()).isEqualTo(Transfer.DATA);
  }

  @Test
  void acceptsUnicodeAddressesWithSmtpUtf8() throws Exception {
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();
      assertThat(c.command("MAIL FROM:<jöran@exämple.test> SMTPUTF8").code()).isEqualTo(250);
      assertThat(c.command("RCPT TO:<用户@例子.test>").code()).isEqualTo(250);
    }
  }

  @Test
  void answersOverlongAndControlCharacterLinesAndCarriesOn() throws Exception {
    restart(SmtpSink.builder().maxLineLength(64));
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();
      assertThat(c.command("NOOP " + "x".repeat(100)).toString()).isEqualTo("500 5.5.2 Line too long");
      assertThat(c.command("NOOP \0").code()).isEqualTo(501);
      assertThat(c.command("").toString()).isEqualTo("500 5.5.2 Error: bad syntax");
      assertThat(c.command("NOOP").code()).isEqualTo(250);
    }
  }

  @Test
  void answersRandomGarbageWithRepliesNeverATraceAndKeepsServing() throws Exception {
    byte[] garbage = new byte[20_000];
    new Random(1).nextBytes(garbage);
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();
      c.send(garbage);
      c.send("\r\nQUIT\r\n");
      String answer = c.readToEnd();
      assertThat(answer).doesNotContain("Exception").doesNotContain("at io.netty").endsWith("221 2.0.0 Bye\r\n");
      for (String line : answer.split("\r\n")) {
        assertThat(line).matches("[2-5][0-9][0-9][ -].*");
      }
    }
    try (RawClient c = RawClient.connect(sink)) {
      assertThat(c.hello().code()).isEqualTo(250);
    }
  }

  @Test
  void closesAfterQuit() throws Exception {
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();
      assertThat(c.command("QUIT").toString()).isEqualTo("221 2.0.0 Bye");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void forgetsTheTransactionOnRset() throws Exception {
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();
      c.command("MAIL FROM:<a@example.test>");
      c.command("RCPT TO:<b@example.test>");
      c.command("RSET");
      assertThat(c.command("DATA").code()).isEqualTo(503);
    }
  }
}
