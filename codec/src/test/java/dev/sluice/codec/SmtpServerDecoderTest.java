package dev.sluice.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.smtp.LastSmtpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpServerDecoderTest {

  @Test
  void decodesPipelinedCommandsInOrderWithCaseInsensitiveVerbs() {
    EmbeddedChannel ch = new EmbeddedChannel(new SmtpServerDecoder());
    ch.writeInbound(Wire.buf("ehlo client.example\r\nmail FROM:<a@example.test>\nRcpt To:<b@example.test>\r\nDATA\r\n"));

    List<Object> lines = Wire.inbound(ch);

    assertThat(lines).extracting(l -> ((SmtpCommandLine) l).verb()).containsExactly("EHLO", "MAIL", "RCPT", "DATA");
    assertThat(((SmtpCommandLine) lines.get(1)).argument()).isEqualTo("FROM:<a@example.test>");
    ch.finishAndReleaseAll();
  }

  @Test
  void refusesAnOverlongLineOnceAndCarriesOn() {
    EmbeddedChannel ch = new EmbeddedChannel(new SmtpServerDecoder(64));
    ch.writeInbound(Wire.buf("NOOP " + "x".repeat(100)));
    ch.writeInbound(Wire.buf("x".repeat(100) + "\r\nQUIT\r\n"));

    assertThat(Wire.inbound(ch)).containsExactly(
        new MalformedCommandLine(MalformedCommandLine.Problem.TOO_LONG), new SmtpCommandLine("QUIT"));
    ch.finishAndReleaseAll();
  }

  @Test
  void refusesAnOverlongLineThatArrivesWholeAndKeepsTheLinesAfterIt() {
    EmbeddedChannel ch = new EmbeddedChannel(new SmtpServerDecoder(64));
    ch.writeInbound(Wire.buf("NOOP " + "x".repeat(100) + "\r\nQUIT\r\n"));

    assertThat(Wire.inbound(ch)).containsExactly(
        new MalformedCommandLine(MalformedCommandLine.Problem.TOO_LONG), new SmtpCommandLine("QUIT"));
    ch.finishAndReleaseAll();
  }

  @Test
  void takesSaslLinesUpTo12288OctetsButNoLonger() {
    // RFC 4954 4: an AUTH line and the responses to 334 may be 12288 octets (a 3.5 KB token is ~4.7 KB in base64).
    EmbeddedChannel ch = new EmbeddedChannel(new SmtpServerDecoder());
    SmtpServerDecoder decoder = ch.pipeline().get(SmtpServerDecoder.class);
    String longAuth = "AUTH XOAUTH2 " + "A".repeat(12288 - 13);
    ch.writeInbound(Wire.buf(longAuth + "\r\n"));
    decoder.saslResponse(true);
    ch.writeInbound(Wire.buf("B".repeat(12288) + "\r\n"));
    ch.writeInbound(Wire.buf("C".repeat(12289) + "\r\n"));
    decoder.saslResponse(false);
    ch.writeInbound(Wire.buf("NOOP " + "x".repeat(5000) + "\r\n"));

    assertThat(Wire.inbound(ch)).containsExactly(new SmtpCommandLine(longAuth), new SmtpCommandLine("B".repeat(12288)),
        new MalformedCommandLine(MalformedCommandLine.Problem.TOO_LONG),
        new MalformedCommandLine(MalformedCommandLine.Problem.TOO_LONG));
    ch.finishAndReleaseAll();
  }

  @Test
  void refusesNulAndBareCrInCommands() {
    EmbeddedChannel ch = new EmbeddedChannel(new SmtpServerDecoder());
    ch.writeInbound(Wire.buf("MAIL FROM:<a\0@example.test>\r\nRCPT TO:<b@x>\rDATA\r\nNOOP\r\n"));

    assertThat(Wire.inbound(ch)).containsExactly(
        new MalformedCommandLine(MalformedCommandLine.Problem.BAD_CHARACTER),
        new MalformedCommandLine(MalformedCommandLine.Problem.BAD_CHARACTER),
        new SmtpCommandLine("NOOP"));
    ch.finishAndReleaseAll();
  }

  @Test
  void discardsWhatWasPipelinedBehindStartTls() {
    SmtpServerDecoder decoder = new SmtpServerDecoder();
    EmbeddedChannel ch = new EmbeddedChannel(decoder, new io.netty.channel.ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof SmtpCommandLine l && l.verb().equals("STARTTLS")) {
          assertThat(decoder.discardBuffered()).isEqualTo("MAIL FROM:<evil@example.test>\r\n".length());
        }
        ctx.fireChannelRead(msg);
      }
    });

    ch.writeInbound(Wire.buf("STARTTLS\r\nMAIL FROM:<evil@example.test>\r\n"));

    assertThat(Wire.inbound(ch)).containsExactly(new SmtpCommandLine("STARTTLS"));
    ch.finishAndReleaseAll();
  }

  @Test
  void bareLfDotLfDoesNotEndTheDataButIsCounted() {
    SmtpServerDecoder decoder = new SmtpServerDecoder();
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    decoder.startData();
    ch.writeInbound(Wire.buf("Subject: x\r\n\r\nhello\n.\nMAIL FROM:<smuggled@evil.test>\r\n.\r\nQUIT\r\n"));

    List<Object> in = Wire.inbound(ch);
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    Object after = null;
    for (Object m : in) {
      if (m instanceof SmtpCommandLine) {
        after = m;
      } else {
        Wire.appendAndRelease(message, m);
      }
    }

    assertThat(Wire.latin1(message.toByteArray()))
        .isEqualTo("Subject: x\r\n\r\nhello\n.\nMAIL FROM:<smuggled@evil.test>\r\n");
    assertThat(decoder.bareLineEndings()).isEqualTo(2);
    assertThat(after).isEqualTo(new SmtpCommandLine("QUIT"));
    ch.finishAndReleaseAll();
  }

  @Test
  void emitsDataAsSlicesWithoutCopying() {
    SmtpServerDecoder decoder = new SmtpServerDecoder();
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    decoder.startData();
    ch.writeInbound(Wire.buf("no stuffing here\r\n.\r\n"));

    Object last = ch.readInbound();

    assertThat(last).isInstanceOf(LastSmtpContent.class);
    assertThat(((LastSmtpContent) last).content().unwrap()).as("a slice of the received buffer").isNotNull();
    ReferenceCountUtil.release(last);
    ch.finishAndReleaseAll();
  }
}
