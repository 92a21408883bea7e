package dev.sluice.bench.throughput;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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
 * {@link ThroughputBenchmark}'s workload sent with Angus Mail (Jakarta Mail's reference
 * implementation), the blocking client most Java applications use: {@code connections} threads,
 * each with one connected {@link Transport} that it reuses for every message (the fastest way to
 * use it; {@code Transport.send} would connect per message). The message is parsed once into a
 * {@link MimeMessage} and sent as is ({@code sendMessage} does not rebuild it).
 *
 * <p>An operation hands one message to the senders through a queue of {@code connections} slots
 * and waits while it is full, so the score is messages per second, as in
 * {@link ThroughputBenchmark}. Angus has only the JDK's TLS: {@code tls} is {@code none} or
 * {@code starttls-jdk}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AngusThroughputBenchmark {

  private static final Object STOP = new Object();
  private static final Object MESSAGE = new Object();

  @Param({"1", "10", "50"})
  public int connections;

  @Param({"1024", "102400"})
  public int size;

  @Param({"none", "starttls-jdk"})
  public String tls;

  private SinkTarget sink;
  private BlockingQueue<Object> queue;
  private final List<Thread> senders = new ArrayList<>();
  private final LongAdder sent = new LongAdder();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    sink = SinkTarget.start(connections);
    Session session = Session.getInstance(properties());
    MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(Mail.message(size)));
    Address[] rcpts = {new InternetAddress(Mail.TO)};
    queue = new ArrayBlockingQueue<>(connections);
    List<Transport> transports = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Transport t = session.getTransport("smtp");
      t.connect();
      transports.add(t);
    }
    for (Transport t : transports) {
      Thread thread = new Thread(() -> sendAll(t, message, rcpts), "angus-sender");
      thread.start();
      senders.add(thread);
    }
  }

  private Properties properties() throws GeneralSecurityException, java.io.IOException {
    Properties p = new Properties();
    p.put("mail.smtp.host", sink.host());
    p.put("mail.smtp.port", Integer.toString(sink.port()));
    p.put("mail.smtp.localhost", "bench.sluice.test");
    p.put("mail.smtp.from", Mail.FROM);
    if (tls.equals("starttls-jdk")) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
      p.put("mail.smtp.ssl.socketFactory", trusting().getSocketFactory());
    } else if (!tls.equals("none")) {
      throw new IllegalArgumentException("tls must be none or starttls-jdk: " + tls);
    }
    return p;
  }

  /** A JDK TLS context that trusts the sink's certificate (or any, for an external sink without one). */
  private SSLContext trusting() throws GeneralSecurityException, java.io.IOException {
    SSLContext context = SSLContext.getInstance("TLS");
    if (sink.certificate() == null) {
      context.init(null, new javax.net.ssl.TrustManager[] {TrustAll.INSTANCE}, null);
      return context;
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("sink", sink.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private void sendAll(Transport transport, MimeMessage message, Address[] rcpts) {
    try (transport) {
      while (queue.take() != STOP) {
        transport.sendMessage(message, rcpts);
        sent.increment();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (MessagingException | RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  @Benchmark
  public void send() throws Exception {
    while (!queue.offer(MESSAGE, 100, TimeUnit.MILLISECONDS)) {
      checkFailure();
    }
  }

  private void checkFailure() throws Exception {
    Exception e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      for (int i = 0; i < senders.size(); i++) {
        while (!queue.offer(STOP, 100, TimeUnit.MILLISECONDS)) {
          checkFailure();
        }
      }
      for (Thread t : senders) {
        t.join(TimeUnit.SECONDS.toMillis(30));
      }
      checkFailure();
    } finally {
      sink.close();
    }
  }
}
