package dev.sluice.sink.store;

import dev.sluice.sink.StoredMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Keeps nothing: the session only counts (benchmarks, load tests). */
public enum CountingStore implements MessageStore {
  INSTANCE;

  @Override
  public boolean keepsData() {
    return false;
  }

  @Override
  public CompletionStage<Void> store(StoredMessage message) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {}
}
