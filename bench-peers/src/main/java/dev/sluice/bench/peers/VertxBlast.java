package dev.sluice.bench.peers;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * vertx-mail-client as a blast client for {@code bench/scripts/rtt.sh}, configured as in
 * {@link VertxThroughputBenchmark} (a pool of {@code --connections}, keep-alive, PIPELINING on, at
 * most 3 mails per connection in flight, plaintext): WARMUP untimed messages, then MESSAGES timed
 * ones. Prints {@code delivered=N seconds=S msgs_per_s=X}.
 *
 * <pre>java -cp bench-peers/target/peers-benchmarks.jar dev.sluice.bench.peers.VertxBlast --port P \
 *     --connections 10 --messages 2000 --warmup 400 --size 1024</pre>
 */
public final class VertxBlast {

  private VertxBlast() {}

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
      System.err.println("usage: VertxBlast --port P [--host H] [--connections C] [--messages N] [--warmup W] [--size BYTES]");
      System.exit(2);
    }
    int connections = Integer.parseInt(opts.get("--connections"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(2));
    MailConfig config = new MailConfig().setHostname(opts.get("--host")).setPort(Integer.parseInt(opts.get("--port")))
        .setOwnHostname("bench.sluice.test").setLogin(LoginOption.DISABLED).setStarttls(StartTLSOptions.DISABLED)
        .setMaxPoolSize(connections).setKeepAlive(true).setPipelining(true).setMaxMailsPerConnection(0);
    MailClient client = MailClient.create(vertx, config);
    MailMessage message = new MailMessage().setFrom(Mail.FROM).setTo(Mail.TO).setSubject("throughput")
        .setText(Mail.body(Integer.parseInt(opts.get("--size"))));
    int permits = connections * 3;
    Semaphore inFlight = new Semaphore(permits);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try {
      long warmup = Long.parseLong(opts.get("--warmup"));
      long count = Long.parseLong(opts.get("--messages"));
      send(client, message, inFlight, permits, failure, warmup);
      long t0 = System.nanoTime();
      send(client, message, inFlight, permits, failure, count);
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.println(String.format(Locale.ROOT, "delivered=%d seconds=%.3f msgs_per_s=%.1f", count, seconds,
          count / seconds));
    } finally {
      client.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Sends {@code n} messages, at most {@code permits} in flight, and waits until all are answered. */
  private static void send(MailClient client, MailMessage message, Semaphore inFlight, int permits,
      AtomicReference<Throwable> failure, long n) throws Exception {
    for (long i = 0; i < n; i++) {
      while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        check(failure);
      }
      client.sendMail(message).onComplete(ar -> {
        if (ar.failed()) {
          failure.compareAndSet(null, ar.cause());
        }
        inFlight.release();
      });
    }
    while (!inFlight.tryAcquire(permits, 100, TimeUnit.MILLISECONDS)) {
      check(failure);
    }
    inFlight.release(permits);
    check(failure);
  }

  private static void check(AtomicReference<Throwable> failure) throws Exception {
    Throwable e = failure.get();
    if (e instanceof Exception x) {
      throw x;
    } else if (e != null) {
      throw new IllegalStateException(e);
    }
  }
}
