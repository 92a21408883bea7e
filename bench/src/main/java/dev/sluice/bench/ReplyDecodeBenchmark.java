package dev.sluice.bench;

import dev.sluice.codec.SmtpReply;
import dev.sluice.codec.SmtpReplyDecoder;
import dev.sluice.codec.SmtpReplyParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding replies. The {@code parse*} benchmarks call {@link SmtpReplyParser#parse} on a pooled
 * direct buffer holding one reply (rewound each time): the cost of the decoder proper, and with
 * {@code -prof gc} its allocation per reply ({@code gc.alloc.rate.norm}). {@code decoderOneLine}
 * sends the same bytes through {@link SmtpReplyDecoder} in a channel pipeline, as a connection
 * would, to show what the {@code ByteToMessageDecoder} plumbing adds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class ReplyDecodeBenchmark {

  static final String ONE_LINE = "250 2.0.0 Ok\r\n";

  /** What Postfix answers to EHLO, ten lines. */
  static final String EHLO = """
      250-mail.example.com\r
      250-PIPELINING\r
      250-SIZE 52428800\r
      250-ETRN\r
      250-STARTTLS\r
      250-AUTH PLAIN LOGIN\r
      250-ENHANCEDSTATUSCODES\r
      250-8BITMIME\r
      250-DSN\r
      250 CHUNKING\r
      """;

  private final SmtpReplyParser parser =
      new SmtpReplyParser(SmtpReplyDecoder.DEFAULT_MAX_LINE_LENGTH, SmtpReplyDecoder.DEFAULT_MAX_LINES);
  private ByteBuf oneLine;
  private ByteBuf ehlo;
  private EmbeddedChannel channel;

  @Setup(Level.Trial)
  public void setUp() {
    oneLine = direct(ONE_LINE);
    ehlo = direct(EHLO);
    channel = new EmbeddedChannel(new SmtpReplyDecoder());
    check(parseOneLine(), 250, 1);
    check(parseEhlo(), 250, 10);
    check(decoderOneLine(), 250, 1);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    oneLine.release();
    ehlo.release();
    channel.finishAndReleaseAll();
  }

  @Benchmark
  public SmtpReply parseOneLine() {
    return parser.parse(oneLine.readerIndex(0));
  }

  @Benchmark
  public SmtpReply parseEhlo() {
    return parser.parse(ehlo.readerIndex(0));
  }

  /**
   * The buffer goes in retained, as a socket read would hand over a fresh one; the decoder releases
   * it once it is consumed, so its count is back where it started.
   */
  @Benchmark
  public SmtpReply decoderOneLine() {
    channel.pipeline().fireChannelRead(oneLine.readerIndex(0).retain());
    return channel.readInbound();
  }

  private static ByteBuf direct(String reply) {
    byte[] bytes = reply.getBytes(StandardCharsets.US_ASCII);
    return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
  }

  private static void check(SmtpReply reply, int code, int lines) {
    if (reply == null || reply.code() != code || reply.lineCount() != lines) {
      throw new IllegalStateException("unexpected reply: " + reply);
    }
  }
}
