package dev.sluice.sink;

import java.nio.file.Path;
import java.util.Objects;

/** What the sink keeps of the messages it accepts. */
public sealed interface Storage {

  /** Nothing but the counters: no message bytes are kept (benchmarks, load tests). */
  static Storage countOnly() {
    return CountOnly.INSTANCE;
  }

  /**
   * Every message as a {@link StoredMessage} in memory, for tests ({@link SmtpSink#messages()},
   * {@link SmtpSink#awaitMessages}). Unbounded: clear it in long tests.
   */
  static Storage inMemory() {
    return InMemory.INSTANCE;
  }

  /**
   * One {@code ID.eml} (the exact message bytes) and one {@code ID.envelope} (a small text file) per
   * message in {@code dir}, each written under a temporary name and then renamed; the envelope is
   * renamed last, so its presence means the message is complete. The directory is created if
   * missing.
   */
  static Storage directory(Path dir) {
    return new Directory(dir);
  }

  /** See {@link #countOnly()}. */
  enum CountOnly implements Storage {
    INSTANCE;

    @Override
    public String toString() {
      return "count-only";
    }
  }

  /** See {@link #inMemory()}. */
  enum InMemory implements Storage {
    INSTANCE;

    @Override
    public String toString() {
      return "in-memory";
    }
  }

  /** See {@link #directory(Path)}. */
  record Directory(Path path) implements Storage {
    public Directory {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
      return "directory " + path;
    }
  }
}
