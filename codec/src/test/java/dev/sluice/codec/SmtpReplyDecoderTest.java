package dev.sluice.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testkit.Vectors;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SmtpReplyDecoderTest {

  static Stream<Vectors.Reply> replyVectors() {
    return Vectors.replies().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replyVectors")
  void decodesEverySharedReplyVector(Vectors.Reply vector) {
    assertVector(vector, false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replyVectors")
  void decodesEverySharedReplyVectorFedOneByteAtATime(Vectors.Reply vector) {
    assertVector(vector, true);
  }

  private static void assertVector(Vectors.Reply vector, boolean byteByByte) {
    EmbeddedChannel ch = new EmbeddedChannel(new SmtpReplyDecoder());
    byte[] input = vector.inputBytes();
    if (vector.error()) {
      assertThatThrownBy(() -> feed(ch, input, byteByByte))
          .isInstanceOf(SmtpProtocolException.class)
          .hasMessageStartingWith("malformed SMTP reply")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n"));
      assertThat((Object) ch.readInbound()).isNull();
    } else {
      feed(ch, input, byteByByte);
      SmtpReply reply = ch.readInbound();
      assertThat(reply).as("decoded reply").isNotNull();
      assertThat(reply.code()).isEqualTo(vector.code());
      assertThat(reply.lines()).containsExactlyElementsOf(vector.texts());
      assertThat(reply.enhancedStatus() == null ? null : reply.enhancedStatus().toString())
          .isEqualTo(vector.enhanced());
      assertThat((Object) ch.readInbound()).isNull();
    }
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  private static void feed(EmbeddedChannel ch, byte[] input, boolean byteByByte) {
    if (!byteByByte) {
      ch.writeInbound(Wire.buf(input));
      return;
    }
    for (byte b : input) {
      ch.writeInbound(Wire.buf(new byte[] {b}));
    }
  }

  @Test
  void decodesSeveralPipelinedRepliesFromOneRead() {
    EmbeddedChannel ch = new EmbeddedChannel(new SmtpReplyDecoder());
    ch.writeInbound(Wire.buf("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n"));

    List<Object> replies = Wire.inbound(ch);

    assertThat(replies).extracting(r -> ((SmtpReply) r).code()).containsExactly(250, 250, 354);
    assertThat(((SmtpReply) replies.get(1)).enhancedStatus()).isEqualTo(new EnhancedStatus(2, 1, 5));
    ch.finishAndReleaseAll();
  }

  @Test
  void keepsBytesAfterACompleteReplyVisibleAsBuffered() {
    SmtpReplyDecoder decoder = new SmtpReplyDecoder();
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    ch.writeInbound(Wire.buf("220 Ready to start TLS\r\n250-inj"));

    SmtpReply reply = ch.readInbound();

    assertThat(reply.code()).isEqualTo(220);
    assertThat(decoder.bufferedBytes()).isEqualTo("250-inj".length());
    ch.finishAndReleaseAll();
  }

  @Test
  void reportsNoBufferedBytesAfterAnExactReply() {
    SmtpReplyDecoder decoder = new SmtpReplyDecoder();
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    ch.writeInbound(Wire.buf("220 Ready to start TLS\r\n"));

    assertThat(((SmtpReply) ch.readInbound()).code()).isEqualTo(220);
    assertThat(decoder.bufferedBytes()).isZero();
    ch.finishAndReleaseAll();
  }

  @Test
  void refusesAnEndlessMultilineReply() {
    EmbeddedChannel ch = new EmbeddedChannel(new SmtpReplyDecoder(4096, 10));
    StringBuilder endless = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      endless.append("250-more\r\n");
    }

    assertThatThrownBy(() -> ch.writeInbound(Wire.buf(endless.toString())))
        .isInstanceOf(SmtpProtocolException.class)
        .hasMessageContaining("longer than 10 lines");
    ch.finishAndReleaseAll();
  }

  @Test
  void refusesAMegabyteLineWithoutBufferingIt() {
    SmtpReplyDecoder decoder = new SmtpReplyDecoder();
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) 'x');
    chunk[0] = '2';
    chunk[1] = '5';
    chunk[2] = '0';
    chunk[3] = ' ';

    assertThatThrownBy(() -> ch.writeInbound(Wire.buf(chunk)))
        .isInstanceOf(SmtpProtocolException.class)
        .hasMessageContaining("longer than 16384 bytes")
        .hasMessageContaining("more bytes");
    ch.writeInbound(Wire.buf(chunk));
    assertThat(decoder.bufferedBytes()).as("input after the error is dropped").isZero();
    assertThat((Object) ch.readInbound()).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void escapesControlCharactersInTheError() {
    EmbeddedChannel ch = new EmbeddedChannel(new SmtpReplyDecoder());

    assertThatThrownBy(() -> ch.writeInbound(Wire.buf("2\u001b[31m0 evil\r\n")))
        .isInstanceOf(SmtpProtocolException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b").contains("\\x1b[31m"));
    ch.finishAndReleaseAll();
  }

  @Test
  void keepsNonAsciiTextAsUtf8AndEscapesControlsInToString() {
    EmbeddedChannel ch = new EmbeddedChannel(new SmtpReplyDecoder());
    ch.writeInbound(Wire.buf("550 5.1.1 unbekannter Empf\u00c3\u00a4nger\u0007\r\n"));

    SmtpReply reply = ch.readInbound();

    assertThat(reply.line(0)).isEqualTo("5.1.1 unbekannter Empfänger\u0007");
    assertThat(reply.toString()).isEqualTo("550 5.1.1 unbekannter Empfänger\\x07");
    ch.finishAndReleaseAll();
  }

  @Test
  void decodesAMultilineReplySplitAcrossReads() {
    EmbeddedChannel ch = new EmbeddedChannel(new SmtpReplyDecoder());
    ch.writeInbound(Wire.buf("250-mx.example.test\r\n250-PIPE"));
    assertThat((Object) ch.readInbound()).isNull();
    ch.writeInbound(Wire.buf("LINING\r\n250 CHUNKING\r\n"));

    SmtpReply reply = ch.readInbound();

    assertThat(reply.lines()).containsExactly("mx.example.test", "PIPELINING", "CHUNKING");
    ch.finishAndReleaseAll();
  }

  @Test
  void encodesRepliesTheDecoderReadsBack() {
    EmbeddedChannel server = new EmbeddedChannel(SmtpReplyEncoder.INSTANCE);
    EmbeddedChannel client = new EmbeddedChannel(new SmtpReplyDecoder());
    SmtpReply multi = SmtpReply.of(250, "mx.example.test", "PIPELINING", "");
    SmtpReply empty = SmtpReply.of(250);
    server.writeOutbound(multi, empty);

    byte[] wire = Wire.outbound(server);
    client.writeInbound(Wire.buf(wire));

    assertThat(Wire.latin1(wire)).isEqualTo("250-mx.example.test\r\n250-PIPELINING\r\n250\r\n250\r\n");
    assertThat((SmtpReply) client.readInbound()).isEqualTo(multi);
    assertThat((SmtpReply) client.readInbound()).isEqualTo(empty);
    client.finishAndReleaseAll();
    server.finishAndReleaseAll();
  }
}
