package dev.sluice.bench.peers;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * Sluice's {@code ThroughputBenchmark} workload with vertx-mail-client 4.5.22: one
 * {@link MailClient} with a pool of {@code connections} connections (keep-alive, PIPELINING on, no
 * limit of mails per connection), at most 3 mails per connection in flight (the rest wait in the
 * benchmark, as {@code BulkSender} makes them wait), native epoll transport, two event loops. vert.x
 * builds the MIME message itself from a {@link MailMessage} (the same headers' worth and the same
 * body as the others' message), as every vert.x user's mail is built. An operation submits one mail,
 * so the score is messages per second. TLS: the JDK's; {@code none} or {@code starttls-jdk}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class VertxThroughputBenchmark {

  @Param({"1", "10", "50"})
  public int connections;

  @Param({"1024", "102400"})
  public int size;

  @Param({"none", "starttls-jdk"})
  public String tls;

  private Vertx vertx;
  private MailClient client;
  private MailMessage message;
  private Semaphore inFlight;
  private int permits;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  @Setup(Level.Trial)
  public void setUp() {
    PeerSink sink = PeerSink.fromProperties();
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(2));
    MailConfig config = new MailConfig().setHostname(sink.host()).setPort(sink.port())
        .setOwnHostname("bench.sluice.test").setLogin(LoginOption.DISABLED)
        .setMaxPoolSize(connections).setKeepAlive(true).setPipelining(true).setMaxMailsPerConnection(0);
    if (Peers.starttls(tls)) {
      config.setStarttls(StartTLSOptions.REQUIRED);
      if (sink.certificate() != null) {
        config.setPemTrustOptions(new PemTrustOptions().addCertPath(sink.certificate().toString()));
      } else {
        config.setTrustAll(true);
      }
    } else {
      config.setStarttls(StartTLSOptions.DISABLED);
    }
    client = MailClient.create(vertx, config);
    message = new MailMessage().setFrom(Mail.FROM).setTo(Mail.TO).setSubject("throughput").setText(Mail.body(size));
    permits = connections * 3;
    inFlight = new Semaphore(permits);
  }

  @Benchmark
  public void send() throws Exception {
    while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
      checkFailure();
    }
    client.sendMail(message).onComplete(ar -> {
      if (ar.failed()) {
        failure.compareAndSet(null, ar.cause());
      }
      inFlight.release();
    });
  }

  private void checkFailure() throws Exception {
    Throwable e = failure.get();
    if (e instanceof Exception x) {
      throw x;
    } else if (e != null) {
      throw new IllegalStateException(e);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      while (!inFlight.tryAcquire(permits, 100, TimeUnit.MILLISECONDS)) {
        checkFailure();
      }
      checkFailure();
    } finally {
      client.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
