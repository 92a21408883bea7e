package dev.sluice.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.Vectors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.smtp.DefaultLastSmtpContent;
import io.netty.handler.codec.smtp.DefaultSmtpContent;
import io.netty.handler.codec.smtp.LastSmtpContent;
import io.netty.handler.codec.smtp.SmtpContent;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageDataTest {

  static Stream<Vectors.Data> dataVectors() {
    return Vectors.dataEncoding().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dataVectors")
  void encodesEverySharedVectorExactlyWithItsChunkBoundaries(Vectors.Data vector) {
    assertThat(Wire.latin1(encodeData(vector.chunkBytes())))
        .isEqualTo(vector.wire());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dataVectors")
  void serverDecoderGivesBackEveryVectorsMessage(Vectors.Data vector) {
    assertThat(Wire.latin1(decodeData(List.of(vector.wireBytes()))))
        .isEqualTo(vector.message());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dataVectors")
  void serverDecoderGivesBackEveryVectorsMessageFedOneByteAtATime(Vectors.Data vector) {
    List<byte[]> bytes = new ArrayList<>();
    for (byte b : vector.wireBytes()) {
      bytes.add(new byte[] {b});
    }
    assertThat(Wire.latin1(decodeData(bytes))).isEqualTo(vector.message());
  }

  /**
   * Random bodies over an alphabet rich in dots, CRs and LFs, split at random points: the wire has
   * no bare CR or LF, exactly one {@code <CRLF>.<CRLF>} (counting the CRLF that ended DATA), and
   * un-stuffing gives back the normalised input.
   */
  @Test
  void propertyHoldsForRandomBodiesAndRandomChunkSplits() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    byte[] alphabet = {'a', 'b', '.', '.', '\r', '\n', '\r', '\n', ' ', (byte) 0xc3, (byte) 0xa4};
    for (int round = 0; round < 3000; round++) {
      byte[] body = new byte[random.nextInt(round % 10 == 0 ? 600 : 40)];
      for (int i = 0; i < body.length; i++) {
        body[i] = alphabet[random.nextInt(alphabet.length)];
      }
      List<byte[]> chunks = split(body, random);
      String context = "seed=" + seed + " round=" + round + " body=" + Vectors.escape(Wire.latin1(body));

      String wire = Wire.latin1(encodeData(chunks));
      String afterData = "\r\n" + wire;

      assertThat(afterData.replace("\r\n", "")).as(context).doesNotContain("\r", "\n");
      assertThat(afterData.indexOf("\r\n.\r\n")).as(context).isEqualTo(afterData.length() - 5);
      assertThat(Wire.latin1(decodeData(split(wire.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), random))))
          .as(context).isEqualTo(normalise(Wire.latin1(body)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dataVectors")
  void profileSizeIsTheNormalisedMessageSize(Vectors.Data vector) {
    ByteBuf whole = Wire.buf(String.join("", vector.chunks()));

    assertThat(DataProfile.of(whole).size()).isEqualTo(vector.message().length());
    assertThat(DataProfile.of(whole).eightBit()).isFalse();
    whole.release();
  }

  @Test
  void profileAgreesWithTheReferenceNormalisationOnRandomBodies() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    byte[] alphabet = {'a', '\r', '\n', '.', (byte) 0xc3};
    for (int round = 0; round < 2000; round++) {
      byte[] body = new byte[random.nextInt(70)];
      for (int i = 0; i < body.length; i++) {
        body[i] = alphabet[random.nextInt(round % 2 == 0 ? 4 : alphabet.length)];
      }
      ByteBuf buf = Wire.buf(body);
      DataProfile p = DataProfile.of(buf);
      buf.release();
      String context = "seed=" + seed + " body=" + Vectors.escape(Wire.latin1(body));
      assertThat(p.size()).as(context).isEqualTo(normalise(Wire.latin1(body)).length());
      boolean eight = false;
      for (byte b : body) {
        eight |= b < 0;
      }
      assertThat(p.eightBit()).as(context).isEqualTo(eight);
    }
  }

  @Test
  void passesUnchangedChunksOnWithoutCopying() {
    MessageDataTransformer t = new MessageDataTransformer(DataFraming.DOT_STUFFED);
    ByteBuf in = Unpooled.directBuffer().writeBytes("plain line\r\nanother\r\n".getBytes());

    ByteBuf out = t.transform(in, Unpooled.buffer(0).alloc());

    assertThat(out).isSameAs(in);
    assertThat(in.refCnt()).isEqualTo(2);
    out.release();
    in.release();
  }

  @Test
  void recordsEightBitContent() {
    MessageDataTransformer t = new MessageDataTransformer(DataFraming.DOT_STUFFED);
    ByteBuf ascii = Wire.buf("just ascii here, longer than eight bytes\r\n");
    t.transform(ascii, ascii.alloc()).release();
    assertThat(t.sawEightBit()).isFalse();
    ByteBuf eight = Wire.buf("Gr\u00fc\u00dfe aus M\u00fcnchen\r\n");
    t.transform(eight, eight.alloc()).release();
    assertThat(t.sawEightBit()).isTrue();
    t.finish();
    assertThat(t.sawEightBit()).as("reset for the next message").isFalse();
    ascii.release();
    eight.release();
  }

  @Test
  void framesBdatChunksWithExactSizesAfterNormalising() {
    EmbeddedChannel ch = new EmbeddedChannel(new BdatEncoder());
    ch.writeOutbound(new BdatChunk(Wire.buf("line one\n.line two\r"), false, false));
    ch.writeOutbound(new BdatChunk(Wire.buf("\nend"), true, false));
    ch.writeOutbound(new BdatChunk(Wire.buf("\0\r\n\nbin"), true, true));
    ch.writeOutbound(new BdatChunk(Unpooled.EMPTY_BUFFER, true, false));

    assertThat(Wire.latin1(Wire.outbound(ch))).isEqualTo(
        "BDAT 21\r\nline one\r\n.line two\r\n"
            + "BDAT 5 LAST\r\nend\r\n"
            + "BDAT 7 LAST\r\n\0\r\n\nbin"
            + "BDAT 0 LAST\r\n");
    ch.finishAndReleaseAll();
  }

  @Test
  void serverReadsBdatChunksAcrossReads() {
    SmtpServerDecoder decoder = new SmtpServerDecoder();
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    ch.writeInbound(Wire.buf("BDAT 10\r\n0123"));
    ch.writeInbound(Wire.buf("456789BDAT 3 last\r\nabcRSET\r\nBDAT 0 LAST\r\nBDAT x\r\n"));

    List<Object> in = Wire.inbound(ch);
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    List<Object> shape = new ArrayList<>();
    for (Object m : in) {
      if (m instanceof LastSmtpContent l) {
        Wire.appendAndRelease(chunk, l);
        shape.add("END:" + Wire.latin1(chunk.toByteArray()));
        chunk.reset();
      } else if (m instanceof SmtpContent c) {
        Wire.appendAndRelease(chunk, c);
      } else {
        shape.add(m);
      }
    }

    assertThat(shape).containsExactly(new BdatCommand(10, false), "END:0123456789",
        new BdatCommand(3, true), "END:abc", new SmtpCommandLine("RSET"), new BdatCommand(0, true), "END:",
        new SmtpCommandLine("BDAT x"));
    ch.finishAndReleaseAll();
  }

  static byte[] encodeData(List<byte[]> chunks) {
    EmbeddedChannel ch = new EmbeddedChannel(new DotStuffingEncoder());
    for (int i = 0; i < chunks.size(); i++) {
      ByteBuf b = Wire.buf(chunks.get(i));
      ch.writeOutbound(i == chunks.size() - 1 ? new DefaultLastSmtpContent(b) : new DefaultSmtpContent(b));
    }
    byte[] wire = Wire.outbound(ch);
    ch.finishAndReleaseAll();
    return wire;
  }

  /** Runs the server decoder in DATA mode over {@code reads}; returns the message it stored. */
  static byte[] decodeData(List<byte[]> reads) {
    SmtpServerDecoder decoder = new SmtpServerDecoder();
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    decoder.startData();
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    boolean ended = false;
    for (byte[] read : reads) {
      ch.writeInbound(Wire.buf(read));
      for (Object m : Wire.inbound(ch)) {
        assertThat(ended).as("nothing may follow the terminator").isFalse();
        ended = m instanceof LastSmtpContent;
        Wire.appendAndRelease(message, m);
      }
    }
    assertThat(ended).as("the terminator was recognised").isTrue();
    ch.finishAndReleaseAll();
    return message.toByteArray();
  }

  private static List<byte[]> split(byte[] body, Random random) {
    List<byte[]> chunks = new ArrayList<>();
    int pos = 0;
    do {
      int n = Math.min(body.length - pos, random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(12));
      byte[] c = new byte[n];
      System.arraycopy(body, pos, c, 0, n);
      chunks.add(c);
      pos += n;
    } while (pos < body.length);
    return chunks;
  }

  /** Reference rule: CRLF stays, bare CR and bare LF become CRLF, a final CRLF if missing. */
  private static String normalise(String s) {
    String n = s.replace("\r\n", "\u0000").replace("\r", "\u0000").replace("\n", "\u0000")
        .replace("\u0000", "\r\n");
    return n.isEmpty() || n.endsWith("\r\n") ? n : n + "\r\n";
  }
}
