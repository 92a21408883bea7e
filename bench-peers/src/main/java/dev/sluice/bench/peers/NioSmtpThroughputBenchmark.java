package dev.sluice.bench.peers;

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
 * Sluice's {@code ThroughputBenchmark} workload with HubSpot's NioSmtpClient 1.1.0
 * ({@link NioSmtpSessions}: {@code connections} sessions, one message at a time each). An operation
 * hands one message to the next idle session, so the score is messages per second. TLS: the JDK's
 * (NioSmtpClient takes an {@code SSLEngine}); {@code none} or {@code starttls-jdk}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class NioSmtpThroughputBenchmark {

  @Param({"1", "10", "50"})
  public int connections;

  @Param({"1024", "102400"})
  public int size;

  @Param({"none", "starttls-jdk"})
  public String tls;

  private NioSmtpSessions sessions;
  private byte[] message;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    sessions = new NioSmtpSessions(PeerSink.fromProperties(), connections, Peers.starttls(tls));
    message = Mail.message(size);
  }

  @Benchmark
  public void send() throws Exception {
    sessions.send(message);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      sessions.awaitIdle();
    } finally {
      sessions.close();
    }
  }
}
