package dev.sluice.client.bulk;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link MessageTransform} on one worker thread per core, with a short queue. When the queue
 * is full the submitting thread runs the transform itself: producers slow down to the pace of the
 * workers, and nothing piles up without bound (the sender's in-flight limit bounds it anyway).
 * Public for the MX router, which signs the same way.
 */
public final class TransformPool {

  private final MessageTransform transform;
  private final ThreadPoolExecutor executor;

  public TransformPool(MessageTransform transform) {
    this.transform = transform;
    int threads = Runtime.getRuntime().availableProcessors();
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(threads * 4), r -> {
          Thread t = new Thread(r, "sluice-transform-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, (r, pool) -> {
          if (pool.isShutdown()) {
            throw new RejectedExecutionException("the bulk sender is closed");
          }
          r.run();
        });
    executor.allowCoreThreadTimeOut(true);
  }

  /** The transformed content; completes on a worker (or the caller, when the pool is full). */
  public CompletableFuture<MessageContent> apply(Envelope envelope, MessageContent content) {
    CompletableFuture<MessageContent> result = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          result.complete(transform.apply(envelope, content));
        } catch (Throwable e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  public void shutdown() {
    executor.shutdown();
  }
}
