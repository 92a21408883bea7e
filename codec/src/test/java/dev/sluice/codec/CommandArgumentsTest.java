package dev.sluice.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testkit.Vectors;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpRequest;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandArgumentsTest {

  static Stream<Vectors.Argument> argumentVectors() {
    return Vectors.arguments().stream();
  }

  /**
   * Every shared vector: refused before anything is written, or (where the vector allows it)
   * encoded so that no raw CR or LF reaches the wire.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("argumentVectors")
  void neverPutsARawControlCharacterOnTheWire(Vectors.Argument vector) {
    EmbeddedChannel ch = new EmbeddedChannel(SmtpCommandEncoder.INSTANCE);
    SmtpRequest request;
    try {
      request = build(vector.field(), vector.value());
    } catch (InvalidArgumentException refused) {
      assertThat(vector.must()).isIn("refuse", "no-raw-crlf", "xtext-or-refuse", "refuse-or-encode");
      assertThat(refused.getMessage()).doesNotContain("\r", "\n", "\u0000");
      assertThat(Wire.outbound(ch)).isEmpty();
      ch.finishAndReleaseAll();
      return;
    }
    assertThat(vector.must()).as("only these may be encoded instead of refused")
        .isIn("no-raw-crlf", "xtext-or-refuse", "refuse-or-encode");
    ch.writeOutbound(request);
    String wire = Wire.latin1(Wire.outbound(ch));
    assertThat(wire).endsWith("\r\n");
    String line = wire.substring(0, wire.length() - 2);
    assertThat(line.chars()).as(Vectors.escape(wire)).noneMatch(c -> c < 0x20 || c == 0x7f);
    ch.finishAndReleaseAll();
  }

  private static SmtpRequest build(String field, String value) {
    return switch (field) {
      case "mail-from" -> SmtpCommands.mail(value);
      case "rcpt-to" -> SmtpCommands.rcpt(value);
      case "ehlo" -> SmtpCommands.ehlo(value);
      case "envid" -> SmtpCommands.mail("a@example.test", MailParameters.NONE.withEnvelopeId(value));
      case "auth-user" -> {
        // SASL identities are checked before they are base64-encoded (see the client's mechanisms).
        Arguments.checkNoControls("auth-user", value);
        throw new AssertionError("auth-user with controls must be refused");
      }
      default -> throw new IllegalArgumentException("unknown field in vector: " + field);
    };
  }

  @Test
  void encoderRefusesControlBytesThatBypassedTheFactories() {
    EmbeddedChannel ch = new EmbeddedChannel(SmtpCommandEncoder.INSTANCE);
    SmtpRequest handMade = new SmtpRequest() {
      @Override
      public SmtpCommand command() {
        return SmtpCommand.RCPT;
      }

      @Override
      public List<CharSequence> parameters() {
        return List.of("TO:<a@example.test>\r\nRSET");
      }
    };

    assertThatThrownBy(() -> ch.writeOutbound(handMade))
        .isInstanceOf(EncoderException.class)
        .hasCauseInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("\\r\\n");
    assertThat(Wire.outbound(ch)).isEmpty();
    ch.finishAndReleaseAll();
  }

  @Test
  void encodesMailAndRcptWithEsmtpParameters() {
    EmbeddedChannel ch = new EmbeddedChannel(SmtpCommandEncoder.INSTANCE);
    MailParameters mail = MailParameters.NONE.withSize(1234).withBody(BodyType.EIGHT_BIT_MIME)
        .withSmtpUtf8(true).withRet(DsnReturn.HDRS).withEnvelopeId("id+1=x");
    RcptParameters rcpt = RcptParameters.NONE
        .withNotify(Set.of(DsnNotify.FAILURE, DsnNotify.SUCCESS))
        .withOriginalRecipient("b@example.test");

    ch.writeOutbound(SmtpCommands.mail("a@example.test", mail), SmtpCommands.rcpt("b@example.test", rcpt),
        SmtpCommands.mail(""), SmtpCommands.data());

    assertThat(Wire.latin1(Wire.outbound(ch))).isEqualTo(
        "MAIL FROM:<a@example.test> SIZE=1234 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=id+2B1+3Dx\r\n"
            + "RCPT TO:<b@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@example.test\r\n"
            + "MAIL FROM:<>\r\n"
            + "DATA\r\n");
    ch.finishAndReleaseAll();
  }

  @Test
  void encodesABatchAsOneBufferInOrder() {
    EmbeddedChannel ch = new EmbeddedChannel(SmtpCommandEncoder.INSTANCE);
    ch.writeOutbound(new CommandBatch(List.of(SmtpCommands.mail("a@example.test"), SmtpCommands.rcpt("b@example.test"),
        SmtpCommands.data())));

    ByteBuf only = ch.readOutbound();
    assertThat(only.toString(java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("MAIL FROM:<a@example.test>\r\nRCPT TO:<b@example.test>\r\nDATA\r\n");
    assertThat((Object) ch.readOutbound()).as("one buffer for the whole group").isNull();
    only.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void refusesAWholeBatchWhenOneCommandIsBad() {
    EmbeddedChannel ch = new EmbeddedChannel(SmtpCommandEncoder.INSTANCE);
    SmtpRequest bad = new SmtpRequest() {
      @Override
      public SmtpCommand command() {
        return SmtpCommand.RCPT;
      }

      @Override
      public List<CharSequence> parameters() {
        return List.of("TO:<x@example.test>\nDATA");
      }
    };

    assertThatThrownBy(() -> ch.writeOutbound(new CommandBatch(List.of(SmtpCommands.mail("a@example.test"), bad))))
        .isInstanceOf(EncoderException.class);
    assertThat(Wire.outbound(ch)).isEmpty();
    ch.finishAndReleaseAll();
  }

  @Test
  void encodesNonAsciiAddressesAsUtf8() {
    EmbeddedChannel ch = new EmbeddedChannel(SmtpCommandEncoder.INSTANCE);
    ch.writeOutbound(SmtpCommands.rcpt("jürgen@bücher.example",
        RcptParameters.NONE.withOriginalRecipient("jürgen@bücher.example")));

    byte[] wire = Wire.outbound(ch);

    assertThat(new String(wire, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
        "RCPT TO:<jürgen@bücher.example> ORCPT=utf-8;j\\x{FC}rgen@b\\x{FC}cher.example\r\n");
    ch.finishAndReleaseAll();
  }

  @Test
  void encodesStartTlsBdatAuthAndSaslResponses() {
    EmbeddedChannel ch = new EmbeddedChannel(SmtpCommandEncoder.INSTANCE);
    ch.writeOutbound(SmtpCommands.startTls(), SmtpCommands.auth("PLAIN", "AHVzZXIAc2VjcmV0"),
        SmtpCommands.auth("LOGIN"), new SaslResponse("dXNlcg=="), SaslResponse.CANCEL,
        SmtpCommands.auth("XOAUTH2", ""), SmtpCommands.quit());

    assertThat(Wire.latin1(Wire.outbound(ch))).isEqualTo("STARTTLS\r\nAUTH PLAIN AHVzZXIAc2VjcmV0\r\n"
        + "AUTH LOGIN\r\ndXNlcg==\r\n*\r\nAUTH XOAUTH2 =\r\nQUIT\r\n");
    ch.finishAndReleaseAll();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b@example.test", "<a@example.test>", "a@", "@example.test", "a@exa mple.test",
      "noatsign", "\"unterminated@example.test"})
  void refusesMalformedMailboxes(String address) {
    assertThatThrownBy(() -> SmtpCommands.rcpt(address))
        .isInstanceOf(InvalidArgumentException.class)
        .satisfies(e -> assertThat(((InvalidArgumentException) e).field()).isEqualTo("rcpt-to"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a@example.test", "\"john doe\"@example.test", "a+tag@example.test",
      "a@[192.0.2.1]", "jürgen@bücher.example"})
  void acceptsWellFormedMailboxes(String address) {
    assertThat(SmtpCommands.rcpt(address).parameters().get(0)).isEqualTo("TO:<" + address + ">");
  }

  @Test
  void acceptsPostmasterWithoutDomainOnlyAsRecipient() {
    assertThat(SmtpCommands.rcpt("Postmaster").parameters()).containsExactly("TO:<Postmaster>");
    assertThatThrownBy(() -> SmtpCommands.mail("Postmaster")).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void refusesNonAsciiAndSpacesInEhloDomains() {
    assertThatThrownBy(() -> SmtpCommands.ehlo("bücher.example")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> SmtpCommands.ehlo("a b")).isInstanceOf(InvalidArgumentException.class);
    assertThat(SmtpCommands.ehlo("[IPv6:2001:db8::1]").parameters()).containsExactly("[IPv6:2001:db8::1]");
  }

  @Test
  void neverShowsSaslPayloadsInErrorsOrToString() {
    assertThatThrownBy(() -> new SaslResponse("c2VjcmV0 not base64"))
        .hasMessageNotContaining("c2VjcmV0");
    assertThat(new SaslResponse("c2VjcmV0").toString()).doesNotContain("c2VjcmV0");
  }

  @Test
  void roundTripsXtext() {
    String tricky = "id with spaces+plus=equals\r\nand ünïcode";
    String encoded = Xtext.encode(tricky);

    assertThat(encoded.chars()).allMatch(c -> c > 32 && c < 127);
    assertThat(Xtext.decode(encoded)).isEqualTo(tricky);
    assertThatThrownBy(() -> Xtext.decode("bad+Z")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesNotifyNeverCombinedWithOthers() {
    assertThatThrownBy(() -> RcptParameters.NONE.withNotify(Set.of(DsnNotify.NEVER, DsnNotify.DELAY)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
