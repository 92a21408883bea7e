package dev.sluice.bench.rtt;

import dev.sluice.bench.throughput.Mail;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Angus Mail (Jakarta Mail's SMTP transport) as a blast client for {@code bench/scripts/rtt.sh}:
 * {@code --connections} threads, each with one connected {@link Transport} reused for every
 * message (the fastest way to use it), plaintext, WARMUP untimed messages then MESSAGES timed ones
 * taken from one shared counter. Angus waits for every reply (no PIPELINING), so through a delay
 * proxy it scores at most one message per four or five round trips. Prints
 * {@code delivered=N seconds=S msgs_per_s=X}.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.sluice.bench.rtt.AngusBlast --port P --connections 10 \
 *     --messages 2000 --warmup 400 --size 1024</pre>
 */
public final class AngusBlast {

  private AngusBlast() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>(Map.of("--host", "127.0.0.1", "--connections", "10",
        "--messages", "1000", "--warmup", "200", "--size", "1024"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!opts.containsKey(args[i]) && !args[i].equals("--port")) {
        System.err.println("unknown option " + args[i]);
        System.exit(2);
      }
      opts.put(args[i], args[i + 1]);
    }
    if (!opts.containsKey("--port")) {
      System.err.println("usage: AngusBlast --port P [--host H] [--connections C] [--messages N] [--warmup W] [--size BYTES]");
      System.exit(2);
    }
    Properties p = new Properties();
    p.put("mail.smtp.host", opts.get("--host"));
    p.put("mail.smtp.port", opts.get("--port"));
    p.put("mail.smtp.localhost", "bench.sluice.test");
    p.put("mail.smtp.from", Mail.FROM);
    Session session = Session.getInstance(p);
    MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(Mail.message(Integer.parseInt(opts.get("--size")))));
    Address[] rcpts = {new InternetAddress(Mail.TO)};
    int connections = Integer.parseInt(opts.get("--connections"));
    List<Transport> transports = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Transport t = session.getTransport("smtp");
      t.connect();
      transports.add(t);
    }
    long warmup = Long.parseLong(opts.get("--warmup"));
    long count = Long.parseLong(opts.get("--messages"));
    run(transports, message, rcpts, warmup);
    long t0 = System.nanoTime();
    run(transports, message, rcpts, count);
    double seconds = (System.nanoTime() - t0) / 1e9;
    for (Transport t : transports) {
      t.close();
    }
    System.out.println(String.format(Locale.ROOT, "delivered=%d seconds=%.3f msgs_per_s=%.1f", count, seconds,
        count / seconds));
  }

  /** Sends {@code n} messages over all transports at once, each thread taking the next from one counter. */
  private static void run(List<Transport> transports, MimeMessage message, Address[] rcpts, long n) throws Exception {
    AtomicLong left = new AtomicLong(n);
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (Transport t : transports) {
      Thread thread = new Thread(() -> {
        try {
          while (left.getAndDecrement() > 0) {
            t.sendMessage(message, rcpts);
          }
        } catch (MessagingException | RuntimeException e) {
          failure.compareAndSet(null, e);
        }
      }, "angus-sender");
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
