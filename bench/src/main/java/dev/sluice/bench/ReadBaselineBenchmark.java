package dev.sluice.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
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
 * The control experiment for {@link DataEncodeBenchmark}: the same ring of messages in the same
 * chunks, read once eight bytes at a time and folded into one long, no searching. Any encoder has to do at least this, so it is the
 * ceiling this machine puts on the data encoder at each size (for 10 MiB, memory bandwidth; for
 * the smaller sizes, the caches).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class ReadBaselineBenchmark {

  @Param({"1024", "102400", "10485760"})
  public int size;

  private ByteBuf[][] messages;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    messages = new ByteBuf[Math.max(1, DataEncodeBenchmark.RING_BYTES / size)][];
    for (int m = 0; m < messages.length; m++) {
      messages[m] = DataEncodeBenchmark.chunks(MessageText.CRLF.generate(size, m),
          PooledByteBufAllocator.DEFAULT);
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
  public long read(DataEncodeBenchmark.Bytes bytes) {
    ByteBuf[] chunks = messages[next];
    next = next + 1 == messages.length ? 0 : next + 1;
    long fold = 0;
    for (ByteBuf chunk : chunks) {
      int len = chunk.readableBytes();
      ByteBuffer view = chunk.nioBuffer(chunk.readerIndex(), len).order(ByteOrder.LITTLE_ENDIAN);
      int k = 0;
      for (; k + 8 <= len; k += 8) {
        fold ^= view.getLong(k);
      }
      for (; k < len; k++) {
        fold ^= view.get(k);
      }
    }
    bytes.inputBytes += size;
    return fold;
  }
}
