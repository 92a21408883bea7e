package dev.sluice.bench.memory;

import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TlsProvider;
import dev.sluice.client.TrustConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Heap per idle connection: opens {@code count} sessions (connected, greeted, EHLO done, STARTTLS
 * and EHLO again when asked) to a sink, holds them idle, and divides the growth of the heap in use
 * after a full GC by {@code count}. Only this JVM's heap is measured: the sink should run in another
 * process ({@link IdleConnectionsMain} starts one), or its side of each connection is counted too.
 * Direct memory held by the allocator is reported beside it.
 */
public final class IdleConnections {

  /** What was measured. */
  public record Result(int connections, long heapBefore, long heapAfter, long directBefore, long directAfter,
      long rssBefore, long rssAfter, String histogram) {

    public double heapPerConnection() {
      return (heapAfter - heapBefore) / (double) connections;
    }

    public double directPerConnection() {
      return (directAfter - directBefore) / (double) connections;
    }

    /**
     * Growth of the process's resident memory per connection: heap pages touched, direct memory and
     * native memory (OpenSSL's SSL objects, which the heap does not see) together; a rough upper bound.
     */
    public double rssPerConnection() {
      return (rssAfter - rssBefore) / (double) connections;
    }
  }

  private IdleConnections() {}

  /**
   * @param tls {@code none}, {@code starttls-jdk} or {@code starttls-openssl}
   * @param certificate the sink's certificate (for STARTTLS)
   */
  public static Result measure(String host, int port, int count, String tls, X509Certificate certificate)
      throws Exception {
    SmtpClientConfig.Builder config = SmtpClientConfig.builder(host).port(port).heloName("idle.sluice.test");
    if (tls.equals("none")) {
      config.tlsMode(TlsMode.NONE);
    } else {
      config.tlsMode(TlsMode.STARTTLS_REQUIRED)
          .tlsProvider(tls.equals("starttls-openssl") ? TlsProvider.OPENSSL : TlsProvider.JDK)
          .trust(TrustConfig.certificates(List.of(certificate)));
    }
    try (SmtpClient client = SmtpClient.create(config.build())) {
      // One session first, so that classes, the TLS context and the allocator's first chunks are
      // in the baseline, not in the per-connection figure.
      client.connect().get(30, TimeUnit.SECONDS).quit().get(30, TimeUnit.SECONDS);
      String histogramBefore = Histogram.take();
      long heapBefore = heapAfterGc();
      long directBefore = directUsed();
      long rssBefore = rss();
      List<SmtpSession> sessions = new ArrayList<>(count);
      int batch = 250; // within the sink's listen backlog
      for (int opened = 0; opened < count; opened += batch) {
        List<CompletableFuture<SmtpSession>> connecting = new ArrayList<>();
        for (int i = opened; i < Math.min(count, opened + batch); i++) {
          connecting.add(client.connect());
        }
        for (CompletableFuture<SmtpSession> f : connecting) {
          sessions.add(f.get(60, TimeUnit.SECONDS));
        }
      }
      Thread.sleep(500); // let the event loops go quiet
      long heapAfter = heapAfterGc();
      long directAfter = directUsed();
      long rssAfter = rss();
      String histogram = Histogram.diff(histogramBefore, Histogram.take(), count, 15);
      for (SmtpSession s : sessions) {
        if (!s.isUsable()) {
          throw new IllegalStateException("a session ended while idle: " + s.failure());
        }
      }
      Result result = new Result(count, heapBefore, heapAfter, directBefore, directAfter, rssBefore,
          rssAfter, histogram);
      List<CompletableFuture<Void>> closing = new ArrayList<>();
      for (SmtpSession s : sessions) {
        closing.add(s.quit());
      }
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      return result;
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) { // until it stops shrinking (finalizers, soft references)
      System.gc();
      Thread.sleep(100);
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used) {
        return Math.min(now, used);
      }
      used = now;
    }
    return used;
  }

  /** VmRSS from /proc/self/status in bytes, or 0 where there is none. */
  private static long rss() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  private static long directUsed() {
    ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    return alloc instanceof ByteBufAllocatorMetricProvider m ? m.metric().usedDirectMemory() : -1;
  }
}
