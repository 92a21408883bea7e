package dev.sluice.bench;

import dev.sluice.codec.DsnNotify;
import dev.sluice.codec.MailParameters;
import dev.sluice.codec.RcptParameters;
import dev.sluice.codec.SmtpCommandEncoder;
import dev.sluice.codec.SmtpCommands;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.smtp.SmtpRequest;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
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
 * Encoding MAIL FROM and RCPT TO with {@link SmtpCommandEncoder}, through a real channel pipeline:
 * the encoder's {@code encode} is not public and it takes its output buffer from
 * {@code ctx.alloc()}, so a pipeline is the honest way to run it. Each command is written with the
 * void promise into a handler that releases the encoded bytes, so what is measured is the encoder
 * (buffer allocation, UTF-8 writing, the byte check) and one pipeline hop, not EmbeddedChannel's
 * outbound queue or a promise per write. Commands are built once: building validates the
 * arguments, which a sender does once per recipient, not per write ({@code buildAndEncodeRcpt}
 * shows both together).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class CommandEncodeBenchmark {

  /** The channel's allocator: {@code adaptive} (Netty 4.2's default) or {@code pooled}. */
  @Param({"adaptive"})
  public String allocator;

  private final Drain drain = new Drain();
  private EmbeddedChannel channel;
  private SmtpRequest mail;
  private SmtpRequest rcpt;

  @Setup(Level.Trial)
  public void setUp() {
    channel = new EmbeddedChannel(drain, SmtpCommandEncoder.INSTANCE);
    channel.config().setAllocator(Allocators.byName(allocator));
    mail = SmtpCommands.mail("newsletter-bounces+1234@lists.example.com",
        MailParameters.NONE.withSize(48_213));
    rcpt = SmtpCommands.rcpt("jane.doe@example.org",
        RcptParameters.NONE.withNotify(EnumSet.of(DsnNotify.FAILURE, DsnNotify.DELAY)));
    expect(mailFrom(), "MAIL FROM:<newsletter-bounces+1234@lists.example.com> SIZE=48213\r\n");
    expect(rcptTo(), "RCPT TO:<jane.doe@example.org> NOTIFY=FAILURE,DELAY\r\n");
    expect(buildAndEncodeRcpt(), "RCPT TO:<jane.doe@example.org> NOTIFY=FAILURE,DELAY\r\n");
    drain.keepLast = false;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    channel.finishAndReleaseAll();
  }

  @Benchmark
  public int mailFrom() {
    channel.write(mail, channel.voidPromise());
    return drain.written;
  }

  @Benchmark
  public int rcptTo() {
    channel.write(rcpt, channel.voidPromise());
    return drain.written;
  }

  @Benchmark
  public int buildAndEncodeRcpt() {
    channel.write(SmtpCommands.rcpt("jane.doe@example.org",
        RcptParameters.NONE.withNotify(EnumSet.of(DsnNotify.FAILURE, DsnNotify.DELAY))),
        channel.voidPromise());
    return drain.written;
  }

  private void expect(int written, String wire) {
    if (!drain.last.equals(wire) || written != wire.length()) {
      throw new IllegalStateException("encoded " + drain.last + ", expected " + wire);
    }
  }

  /** Stands for the socket: takes the encoded bytes and releases them. */
  private static final class Drain extends ChannelOutboundHandlerAdapter {
    int written;
    boolean keepLast = true;
    String last;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      ByteBuf buf = (ByteBuf) msg;
      written = buf.readableBytes();
      if (keepLast) {
        last = buf.toString(StandardCharsets.UTF_8);
      }
      buf.release();
    }
  }
}
