package dev.sluice.bench.throughput;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TlsProvider;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.BulkStats;
import dev.sluice.client.bulk.PoolConfig;
import dev.sluice.client.bulk.RetryPolicy;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
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
 * End-to-end sending over loopback: {@link BulkSender} with {@code connections} connections (3
 * messages in flight on each, the next transaction pipelined behind each final dot) to Sluice's
 * count-only sink ({@link SinkTarget}), one message of {@code size} bytes per operation, so the
 * score is messages per second and {@code -prof gc}'s {@code gc.alloc.rate.norm} is bytes
 * allocated per message.
 *
 * <p>An operation submits one message and returns; {@code submit} waits while
 * {@code maxInFlight} messages have no outcome yet. In steady state the submit rate therefore is
 * the delivery rate; the messages still in flight at the end of an iteration (at most
 * {@code maxInFlight}, a fraction of a percent of an iteration's count) are the only difference, and
 * they are delivered during the next one. Every message is accounted for at the end of the trial:
 * one that was not delivered fails the run.
 *
 * <p>{@code tls}: {@code none}, or STARTTLS with the JDK's TLS or with OpenSSL (netty-tcnative
 * BoringSSL); one parameter, so that no combination is run twice. With the in-process sink,
 * its work (and allocation) is in the same JVM and on the same two cores; run against an external
 * sink ({@link SinkTarget#ADDRESS_PROPERTY}) to see the client alone.
 *
 * <p>Warm-up: the JIT needs a few hundred thousand messages before the event loop's hot path is
 * compiled (C2); the defaults give it 3 x 10 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ThroughputBenchmark {

  @Param({"1", "10", "50"})
  public int connections;

  @Param({"1024", "102400"})
  public int size;

  @Param({"none", "starttls-jdk", "starttls-openssl"})
  public String tls;

  private SinkTarget sink;
  private SmtpClient client;
  private BulkSender sender;
  private MessageContent content;
  private Envelope envelope;

  @Setup(Level.Trial)
  public void setUp() {
    sink = SinkTarget.start(connections);
    client = SmtpClient.create(clientConfig(sink, tls).build());
    int depth = 3;
    PoolConfig pool = PoolConfig.DEFAULT.withMaxConnections(connections).withMessagesInFlightPerConnection(depth)
        .withMaxMessagesPerConnection(0).withMaxAge(Duration.ofDays(1)).withIdleTimeout(Duration.ofHours(1));
    BulkConfig bulk = BulkConfig.DEFAULT.withPool(pool).withMaxInFlight(Math.max(1000, connections * depth * 4))
        .withRetry(RetryPolicy.DEFAULT.withMaxAttempts(1));
    sender = BulkSender.create(client, bulk);
    content = MessageContent.of(Unpooled.directBuffer(size).writeBytes(Mail.message(size)));
    envelope = Envelope.of(Mail.FROM, Mail.TO);
  }

  /** The client's configuration for the sink and the {@code tls} parameter. */
  static SmtpClientConfig.Builder clientConfig(SinkTarget sink, String tls) {
    SmtpClientConfig.Builder config = SmtpClientConfig.builder(sink.host()).port(sink.port())
        .heloName("bench.sluice.test");
    if (tls.equals("none")) {
      return config.tlsMode(TlsMode.NONE);
    }
    TlsProvider provider = switch (tls) {
      case "starttls-jdk" -> TlsProvider.JDK;
      case "starttls-openssl" -> TlsProvider.OPENSSL;
      default -> throw new IllegalArgumentException("tls must be none, starttls-jdk or starttls-openssl: " + tls);
    };
    return config.tlsMode(TlsMode.STARTTLS_REQUIRED).tlsProvider(provider)
        .trust(sink.certificate() != null ? TrustConfig.certificates(List.of(sink.certificate())) : TrustConfig.insecure());
  }

  @Benchmark
  public void send() throws InterruptedException {
    sender.submit(envelope, content);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      sender.close();
      BulkStats stats = sender.stats();
      if (stats.delivered() != stats.submitted()) {
        throw new IllegalStateException("not every message was delivered: " + stats);
      }
    } finally {
      content.release();
      client.close();
      sink.close();
    }
  }
}
