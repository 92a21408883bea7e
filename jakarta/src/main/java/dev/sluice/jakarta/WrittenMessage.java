package dev.sluice.jakarta;

import dev.sluice.client.MessageContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code MimeMessage} written once: in memory, or in a temporary file when it was larger than the
 * memory limit. The content can be sent any number of times (retries, several envelopes); {@link
 * #close()} frees the memory or deletes the file once every send is done.
 */
public final class WrittenMessage implements AutoCloseable {

  private final MessageContent content;
  private final Path file;
  private boolean closed;

  WrittenMessage(MessageContent content, Path file) {
    this.content = content;
    this.file = file;
  }

  /** The message bytes as Sluice content (owned by this object: do not release it). */
  public MessageContent content() {
    return content;
  }

  /** The temporary file holding the message, when it did not fit in memory. */
  public Optional<Path> spoolFile() {
    return Optional.ofNullable(file);
  }

  /** Releases the memory, or deletes the temporary file. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    content.release();
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the spooled message " + file, e);
      }
    }
  }
}
