package dev.sluice.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where work that may block runs — DNS lookups, token sources, reading files and streams — so that
 * it never runs on an event loop. Daemon threads (at most 16, the rest
 * queued), created on demand, gone after a minute idle.
 */
final class BlockingIo {

  static final ExecutorService EXECUTOR = create();

  private static ExecutorService create() {
    // A bounded number of threads and an unbounded queue: submitting never blocks or runs the task
    // on the caller (which may be an event loop).
    ThreadPoolExecutor pool = new ThreadPoolExecutor(16, 16, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        new Factory());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private BlockingIo() {}

  private static final class Factory implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "sluice-blocking-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
