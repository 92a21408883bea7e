package dev.sluice.sink.store;

import dev.sluice.sink.StoredMessage;
import java.util.concurrent.CompletionStage;

/**
 * Where accepted messages go. {@link #store} is called on an event loop and must not block it:
 * slow work (files) goes elsewhere and completes the returned stage; the sink answers the client
 * only when it completes (250) or fails (451).
 */
public interface MessageStore extends AutoCloseable {

  /** Whether the session must collect message bytes at all (false: only count them). */
  boolean keepsData();

  /** Keeps {@code message}; the stage completes once it is safely kept. */
  CompletionStage<Void> store(StoredMessage message);

  /** Finishes pending work and releases resources. Idempotent. */
  @Override
  void close();
}
