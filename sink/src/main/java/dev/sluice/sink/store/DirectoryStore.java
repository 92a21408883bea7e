package dev.sluice.sink.store;

import dev.sluice.sink.Recipient;
import dev.sluice.sink.StoredMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Writes {@code ID.eml} (the exact message bytes) and {@code ID.envelope} per message, each to a
 * {@code .tmp} name first and then renamed, the envelope last: a reader that sees an envelope
 * sees a complete message. File I/O runs on one thread of its own, never on an event loop.
 *
 * <p>Never follows a symbolic link and never overwrites: the {@code .tmp} file is created with
 * {@code CREATE_NEW} (O_EXCL: fails on any existing entry, a link included), and a final name that
 * already exists (a file or a link someone planted) fails the store instead of being replaced. A
 * rename replaces directory entries, never what a link points to.
 */
public final class DirectoryStore implements MessageStore {

  private final Path dir;
  private final ExecutorService writer;

  /**
   * Creates the directory if needed.
   *
   * @throws UncheckedIOException when it cannot be created
   */
  public DirectoryStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the message directory " + dir, e);
    }
    this.writer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sluice-sink-store");
      t.setDaemon(true);
      return t;
    });
  }

  public Path directory() {
    return dir;
  }

  @Override
  public boolean keepsData() {
    return true;
  }

  @Override
  public CompletionStage<Void> store(StoredMessage message) {
    return CompletableFuture.runAsync(() -> write(message), writer);
  }

  private void write(StoredMessage m) {
    try {
      moveIntoPlace(m.id() + ".eml", m.data());
      moveIntoPlace(m.id() + ".envelope", envelope(m).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write message " + m.id() + " to " + dir, e);
    }
  }

  private void moveIntoPlace(String name, byte[] bytes) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    Path target = dir.resolve(name);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString(), null, "refusing to replace an existing entry");
    }
    try (SeekableByteChannel out = Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        out.write(buf);
      }
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /** One {@code key: value} per line; parameters as received. */
  static String envelope(StoredMessage m) {
    StringBuilder b = new StringBuilder(256);
    b.append("id: ").append(m.id()).append('\n');
    b.append("received: ").append(m.receivedAt()).append('\n');
    b.append("client: ").append(m.client() == null ? "" : m.client().getAddress().getHostAddress()
        + ":" + m.client().getPort()).append('\n');
    b.append(m.esmtp() ? "ehlo: " : "helo: ").append(m.heloName()).append('\n');
    b.append("tls: ").append(m.tls() ? m.tlsProtocol() : "none").append('\n');
    if (m.authenticatedUser() != null) {
      b.append("auth: ").append(m.authenticatedUser()).append('\n');
    }
    b.append("transfer: ").append(m.transfer()).append('\n');
    b.append("size: ").append(m.size()).append('\n');
    b.append("from: <").append(m.from()).append('>').append(parameters(m.mailParameters())).append('\n');
    for (Recipient r : m.recipients()) {
      b.append("rcpt: <").append(r.address()).append('>').append(parameters(r.parameters())).append('\n');
    }
    return b.toString();
  }

  private static String parameters(Map<String, String> parameters) {
    StringBuilder b = new StringBuilder();
    parameters.forEach((k, v) -> b.append(' ').append(k).append(v.isEmpty() ? "" : "=" + v));
    return b.toString();
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
