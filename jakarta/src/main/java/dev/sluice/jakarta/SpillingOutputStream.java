package dev.sluice.jakarta;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code MimeMessage.writeTo} writes: memory in 64 KiB chunks (a composite buffer, so growing
 * never copies what was written), and, once more than {@code memoryLimit} octets arrived, a
 * temporary file instead, so that a message with large attachments is never held in the heap.
 */
final class SpillingOutputStream extends OutputStream {

  private static final int CHUNK = 64 * 1024;

  private final long memoryLimit;
  private final Path spoolDir;
  private CompositeByteBuf memory = ByteBufAllocator.DEFAULT.compositeBuffer(Integer.MAX_VALUE);
  private ByteBuf current;
  private Path file;
  private OutputStream fileOut;
  private long written;

  SpillingOutputStream(long memoryLimit, Path spoolDir) {
    this.memoryLimit = memoryLimit;
    this.spoolDir = spoolDir;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (fileOut == null && written + len > memoryLimit) {
      spill();
    }
    written += len;
    if (fileOut != null) {
      fileOut.write(b, off, len);
      return;
    }
    while (len > 0) {
      if (current == null) {
        current = ByteBufAllocator.DEFAULT.heapBuffer(CHUNK, CHUNK);
      }
      int n = Math.min(len, current.writableBytes());
      current.writeBytes(b, off, n);
      off += n;
      len -= n;
      if (!current.isWritable()) {
        addCurrent();
      }
    }
  }

  /** A chunk joins the composite once full (a component's length is fixed when it is added). */
  private void addCurrent() {
    if (current != null) {
      memory.addComponent(true, current);
      current = null;
    }
  }

  /** Moves what is in memory to a new temporary file and goes on writing there. */
  private void spill() throws IOException {
    file = spoolDir != null ? Files.createTempFile(spoolDir, "sluice-", ".eml") : Files.createTempFile("sluice-", ".eml");
    try {
      fileOut = Files.newOutputStream(file);
      addCurrent();
      memory.readBytes(fileOut, memory.readableBytes());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    } finally {
      memory.release();
      memory = null;
      current = null;
    }
  }

  /** The message, in memory (the caller owns the buffer) or null when it went to {@link #file()}. */
  ByteBuf takeMemory() throws IOException {
    close();
    if (memory != null) {
      addCurrent();
    }
    ByteBuf m = memory;
    memory = null;
    return m;
  }

  /** The temporary file, or null when the message fit in memory. */
  Path file() {
    return file;
  }

  /** Frees the memory and deletes the file: for a write that failed halfway. */
  void discard() {
    try {
      close();
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // best effort: a temporary file left behind is the worst case
    }
    if (current != null) {
      current.release();
      current = null;
    }
    if (memory != null) {
      memory.release();
      memory = null;
    }
  }

  @Override
  public void close() throws IOException {
    if (fileOut != null) {
      fileOut.close();
    }
  }
}
