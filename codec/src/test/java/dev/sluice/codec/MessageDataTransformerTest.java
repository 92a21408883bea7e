package dev.sluice.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.Vectors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link MessageDataTransformer} against a byte-at-a-time model of its rules: same wire bytes, same
 * 8-bit flag, and a chunk passed on as the same buffer exactly when its wire form is unchanged. The
 * transformer classifies eight bytes at a time, so the inputs mix long and short chunks, chunk
 * boundaries at every offset, buffers with a reader index that is not 0, heap, direct and composite
 * buffers.
 */
class MessageDataTransformerTest {

  private static final byte[] ALPHABET = {'a', 'b', '.', '.', '\r', '\n', '\r', '\n', ' ', (byte) 0xc3};

  @ParameterizedTest
  @EnumSource(DataFraming.class)
  void matchesTheByteAtATimeModelOnRandomChunks(DataFraming framing) {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    MessageDataTransformer transformer = new MessageDataTransformer(framing);
    Model model = new Model(framing);
    for (int round = 0; round < 1500; round++) {
      String context = "seed=" + seed + " round=" + round;
      int chunks = 1 + random.nextInt(6);
      boolean eightBit = false;
      for (int c = 0; c < chunks; c++) {
        byte[] chunk = randomChunk(random);
        byte[] expected = model.transform(chunk);
        ByteBuf in = buffer(chunk, random);
        ByteBuf out = transformer.transform(in, ByteBufAllocator.DEFAULT);
        try {
          assertThat(bytes(out)).as(context + " chunk " + Arrays.toString(chunk)).isEqualTo(expected);
          if (in.nioBufferCount() == 1) { // a composite buffer is copied into one first
            assertThat(out == in).as(context + " passed through").isEqualTo(Arrays.equals(expected, chunk));
          }
          assertThat(in.readableBytes()).as("input left alone").isEqualTo(chunk.length);
        } finally {
          out.release();
          in.release();
        }
        for (byte b : chunk) {
          eightBit |= b < 0 && framing != DataFraming.BINARY; // binary data is not looked at
        }
      }
      assertThat(transformer.sawEightBit()).as(context).isEqualTo(eightBit);
      assertThat(transformer.pendingTailLength()).as(context).isEqualTo(model.tail().length);
      ByteBuf tail = transformer.finish();
      assertThat(bytes(tail)).as(context + " tail").isEqualTo(model.finish());
      tail.release();
    }
  }

  @ParameterizedTest
  @EnumSource(value = DataFraming.class, names = {"DOT_STUFFED", "CHUNKED_TEXT"})
  void rewritesChunksThatGrowToTwiceTheirSize(DataFraming framing) {
    for (String unit : new String[] {"\n", "\r", "\r.", "\n.", "a\n"}) {
      byte[] chunk = unit.repeat(20_000 / unit.length()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      MessageDataTransformer transformer = new MessageDataTransformer(framing);
      ByteBuf in = ByteBufAllocator.DEFAULT.directBuffer().writeBytes(chunk);
      ByteBuf out = transformer.transform(in, ByteBufAllocator.DEFAULT);
      try {
        assertThat(bytes(out)).as(Vectors.escape(unit)).isEqualTo(new Model(framing).transform(chunk));
      } finally {
        out.release();
        in.release();
      }
    }
  }

  private static byte[] randomChunk(Random random) {
    int length = switch (random.nextInt(4)) {
      case 0 -> random.nextInt(3);
      case 1 -> random.nextInt(17);
      default -> random.nextInt(80);
    };
    byte[] chunk = new byte[length];
    // Some chunks are plain CRLF text with occasional faults, others noise.
    boolean text = random.nextBoolean();
    for (int i = 0; i < length; i++) {
      chunk[i] = !text ? ALPHABET[random.nextInt(ALPHABET.length)]
          : random.nextInt(200) == 0 ? (byte) 0xc3 : (byte) ('a' + random.nextInt(26));
    }
    if (text) {
      for (int i = random.nextInt(12); i + 1 < length; i += 2 + random.nextInt(12)) {
        chunk[i] = '\r';
        chunk[i + 1] = '\n';
        if (i + 2 < length && random.nextInt(4) == 0) {
          chunk[i + 2] = (byte) (random.nextBoolean() ? '.' : '\n');
        }
      }
    }
    return chunk;
  }

  /** The bytes in a heap, direct or composite buffer, sometimes after bytes already read. */
  private static ByteBuf buffer(byte[] bytes, Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return Unpooled.wrappedBuffer(bytes.clone());
      case 1: {
        int skip = random.nextInt(9);
        ByteBuf b = Unpooled.directBuffer(skip + bytes.length).writeZero(skip).writeBytes(bytes);
        return b.skipBytes(skip);
      }
      case 2: {
        CompositeByteBuf b = Unpooled.compositeBuffer();
        int half = bytes.length / 2;
        b.addComponent(true, Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, 0, half)));
        b.addComponent(true, Unpooled.directBuffer().writeBytes(bytes, half, bytes.length - half));
        return b;
      }
      default:
        return ByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }
  }

  private static byte[] bytes(ByteBuf buf) {
    byte[] bytes = new byte[buf.readableBytes()];
    buf.getBytes(buf.readerIndex(), bytes);
    return bytes;
  }

  /** The rules of {@link MessageDataTransformer}, one byte at a time. */
  private static final class Model {
    private final DataFraming framing;
    private boolean atLineStart = true;
    private boolean swallowLf;

    Model(DataFraming framing) {
      this.framing = framing;
    }

    byte[] transform(byte[] chunk) {
      if (framing == DataFraming.BINARY) {
        return chunk.clone();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < chunk.length; i++) {
        byte b = chunk[i];
        if (swallowLf) {
          swallowLf = false;
          if (b == '\n') {
            continue;
          }
        }
        if (atLineStart && b == '.' && framing == DataFraming.DOT_STUFFED) {
          out.write('.');
        }
        atLineStart = false;
        if (b == '\r' || b == '\n') {
          out.write('\r');
          out.write('\n');
          atLineStart = true;
          if (b == '\r') {
            if (i + 1 == chunk.length) {
              swallowLf = true;
            } else if (chunk[i + 1] == '\n') {
              i++;
            }
          }
        } else {
          out.write(b);
        }
      }
      return out.toByteArray();
    }

    byte[] tail() {
      return switch (framing) {
        case DOT_STUFFED -> atLineStart ? new byte[] {'.', '\r', '\n'} : new byte[] {'\r', '\n', '.', '\r', '\n'};
        case CHUNKED_TEXT -> atLineStart ? new byte[0] : new byte[] {'\r', '\n'};
        case BINARY -> new byte[0];
      };
    }

    byte[] finish() {
      byte[] tail = tail();
      atLineStart = true;
      swallowLf = false;
      return tail;
    }
  }
}
