package dev.sluice.bench;

import dev.sluice.codec.DataFraming;
import dev.sluice.codec.MessageDataTransformer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The data encoder ({@link MessageDataTransformer}, {@link DataFraming#DOT_STUFFED}) on one message
 * of {@code size} bytes per operation, fed the way a streaming sender feeds it: pooled direct
 * buffers of at most {@value #CHUNK} bytes, each transformed, its wire form released (as the
 * transport would after writing it), then the terminator. The input chunks are filled once and
 * reused; output buffers come from the allocator and go back to it.
 *
 * <p>Each operation encodes the next of a ring of different messages, {@value #RING_BYTES} bytes in
 * all (one message at 10 MiB): encoding the same small message again and again lets the CPU's branch
 * predictor learn where its lines end, which flatters a scanner that branches per line (by up to
 * 2x on the machine of the README).
 *
 * <p>Scores are messages per second; the {@code inputBytes} secondary score is the same in message
 * bytes per second (GB/s = inputBytes / 1e9), so no conversion is needed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class DataEncodeBenchmark {

  /** What a sender reading a file or stream would hand over at a time. */
  public static final int CHUNK = 64 * 1024;

  /** The total size of the ring of messages (at least one message). */
  public static final int RING_BYTES = 1024 * 1024;

  @Param({"1024", "102400", "10485760"})
  public int size;

  @Param({"CRLF", "DOTS", "LF"})
  public MessageText text;

  /** {@code pooled} or {@code adaptive} (Netty 4.2's default for channels). */
  @Param({"pooled"})
  public String allocator;

  private ByteBufAllocator alloc;
  /** Message by message, its chunks. */
  private ByteBuf[][] messages;
  private int next;
  private final MessageDataTransformer transformer =
      new MessageDataTransformer(DataFraming.DOT_STUFFED);

  /** Message bytes encoded, reported per second next to the score. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Bytes {
    public long inputBytes;

    @Setup(Level.Iteration)
    public void reset() {
      inputBytes = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    alloc = Allocators.byName(allocator);
    messages = new ByteBuf[Math.max(1, RING_BYTES / size)][];
    for (int m = 0; m < messages.length; m++) {
      byte[] message = text.generate(size, m);
      messages[m] = chunks(message, alloc);
      verify(message, messages[m]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (ByteBuf[] chunks : messages) {
      for (ByteBuf chunk : chunks) {
        chunk.release();
      }
    }
  }

  @Benchmark
  public long encode(Bytes bytes) {
    ByteBuf[] chunks = messages[next];
    next = next + 1 == messages.length ? 0 : next + 1;
    long wire = 0;
    for (ByteBuf chunk : chunks) {
      ByteBuf out = transformer.transform(chunk, alloc);
      wire += out.readableBytes();
      out.release();
    }
    ByteBuf tail = transformer.finish();
    wire += tail.readableBytes();
    tail.release();
    bytes.inputBytes += size;
    return wire;
  }

  /** {@code message} in pooled direct buffers of at most {@value #CHUNK} bytes. */
  static ByteBuf[] chunks(byte[] message, ByteBufAllocator alloc) {
    ByteBuf[] chunks = new ByteBuf[(message.length + CHUNK - 1) / CHUNK];
    for (int i = 0; i < chunks.length; i++) {
      int from = i * CHUNK;
      int length = Math.min(CHUNK, message.length - from);
      chunks[i] = alloc.directBuffer(length, length).writeBytes(message, from, length);
    }
    return chunks;
  }

  /**
   * Makes sure the benchmark measures what it says: the wire has the expected length (one byte
   * more per LF-only line or per dotted line, plus {@code .\r\n}), and CRLF text is passed through
   * without a copy except where a chunk boundary splits a CRLF.
   */
  private void verify(byte[] message, ByteBuf[] chunks) {
    int lines = 0;
    int dots = 0;
    for (int i = 0; i < message.length; i++) {
      if (message[i] == '\n') {
        lines++;
      }
      if (message[i] == '.' && (i == 0 || message[i - 1] == '\n')) {
        dots++;
      }
    }
    long expected = size + 3L + dots + (text == MessageText.LF ? lines : 0);
    long wire = 0;
    int copies = 0;
    int splitCrlf = 0;
    for (int i = 0; i < chunks.length; i++) {
      ByteBuf chunk = chunks[i];
      ByteBuf out = transformer.transform(chunk, alloc);
      wire += out.readableBytes();
      if (out != chunk) {
        copies++;
      }
      out.release();
      if (i + 1 < chunks.length && chunk.getByte(chunk.writerIndex() - 1) == '\r') {
        splitCrlf++;
      }
    }
    ByteBuf tail = transformer.finish();
    wire += tail.readableBytes();
    tail.release();
    if (wire != expected) {
      throw new IllegalStateException(text + " " + size + ": wire has " + wire + " bytes, expected " + expected);
    }
    if (text == MessageText.CRLF && copies > 2 * splitCrlf) {
      throw new IllegalStateException("CRLF text was copied " + copies + " times; expected pass-through");
    }
    if (text != MessageText.CRLF && copies != chunks.length) {
      throw new IllegalStateException(text + " text was passed through unchanged");
    }
  }
}
