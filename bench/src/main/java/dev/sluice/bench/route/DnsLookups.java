package dev.sluice.bench.route;

import dev.sluice.route.dns.DnsConfig;
import dev.sluice.route.dns.MailDns;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MX lookups of N distinct domains against one DNS server with at most 64 queries in flight:
 * lookups per second cold (every one a query), then warm (every one from the cache), and the heap
 * the cache holds per domain. Usage: {@code DnsLookups HOST:PORT N SUFFIX} resolves
 * {@code d0.SUFFIX … d(N-1).SUFFIX}.
 */
public final class DnsLookups {

  private DnsLookups() {}

  public static void main(String[] args) throws Exception {
    String server = args[0];
    int n = Integer.parseInt(args[1]);
    String suffix = args[2];
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
        Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    DnsConfig config = DnsConfig.DEFAULT.withNameservers(List.of(DnsConfig.parseNameserver(server)))
        .withQueryTimeout(Duration.ofSeconds(2)).withMaxQueriesInFlight(64);
    try (MailDns dns = MailDns.create(group, config)) {
      long heap0 = usedHeapAfterGc();
      double cold = run(dns, n, suffix);
      long heap1 = usedHeapAfterGc();
      double warm = run(dns, n, suffix);
      System.out.printf(Locale.ROOT, "domains=%d cold_lookups_per_s=%.0f warm_lookups_per_s=%.0f queries=%d "
          + "cached=%d heap_per_cached_domain_bytes=%.0f%n", n, cold, warm, dns.queriesSent(), dns.cachedAnswers(),
          (heap1 - heap0) / (double) Math.max(1, dns.cachedAnswers()));
    } finally {
      group.shutdownGracefully().syncUninterruptibly();
    }
  }

  private static double run(MailDns dns, int n, String suffix) {
    AtomicLong failed = new AtomicLong();
    CompletableFuture<?>[] all = new CompletableFuture<?>[n];
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      all[i] = dns.mx("d" + i + "." + suffix).exceptionally(e -> {
        failed.incrementAndGet();
        return null;
      });
    }
    CompletableFuture.allOf(all).join();
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (failed.get() > 0) {
      System.err.println("failed lookups: " + failed.get());
    }
    return n / seconds;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
