package dev.sluice.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * Message data in chunks, read ahead of the socket only as fast as it drains. Memory is sliced
 * (no copy); files and streams are read on {@link BlockingIo#EXECUTOR}, never on an event loop.
 */
interface ChunkSource extends AutoCloseable {

  /** Chunk size for files and streams, and for slicing large in-memory messages. */
  int CHUNK = 256 * 1024;

  /** The next chunk (the caller releases it), or null at the end; may complete on any thread. */
  CompletableFuture<ByteBuf> next(ByteBufAllocator alloc);

  @Override
  void close();

  static ChunkSource of(MessageContent content) {
    if (content instanceof MessageContent.InMemory m) {
      return new Memory(m.retainedData());
    }
    if (content instanceof MessageContent.FromFile f) {
      return new Blocking(() -> FileChannelInput.open(f.file()));
    }
    MessageContent.FromStream s = (MessageContent.FromStream) content;
    return new Blocking(() -> s.stream().get());
  }

  /** Slices of a buffer already in memory. */
  final class Memory implements ChunkSource {
    private final ByteBuf data;

    Memory(ByteBuf data) {
      this.data = data;
    }

    @Override
    public CompletableFuture<ByteBuf> next(ByteBufAllocator alloc) {
      if (!data.isReadable()) {
        return CompletableFuture.completedFuture(null);
      }
      return CompletableFuture.completedFuture(data.readRetainedSlice(Math.min(CHUNK, data.readableBytes())));
    }

    @Override
    public void close() {
      if (data.refCnt() > 0) {
        data.release();
      }
    }
  }

  /** Opens an input stream; may block. */
  interface Opener {
    InputStream open() throws IOException;
  }

  /** A stream read chunk by chunk on the blocking executor, one read in flight at a time. */
  final class Blocking implements ChunkSource {
    private final Opener opener;
    private InputStream in;
    private boolean closed;

    Blocking(Opener opener) {
      this.opener = opener;
    }

    @Override
    public CompletableFuture<ByteBuf> next(ByteBufAllocator alloc) {
      return CompletableFuture.supplyAsync(() -> read(alloc), BlockingIo.EXECUTOR);
    }

    private synchronized ByteBuf read(ByteBufAllocator alloc) {
      if (closed) {
        return null;
      }
      ByteBuf buf = alloc.heapBuffer(CHUNK);
      try {
        if (in == null) {
          in = opener.open();
        }
        while (buf.isWritable()) {
          int n = buf.writeBytes(in, buf.writableBytes());
          if (n < 0) {
            break;
          }
        }
        if (!buf.isReadable()) {
          buf.release();
          return null;
        }
        return buf;
      } catch (IOException e) {
        buf.release();
        throw new UncheckedIOException("cannot read the message: " + e.getMessage(), e);
      } catch (RuntimeException e) {
        buf.release();
        throw e;
      }
    }

    @Override
    public void close() {
      BlockingIo.EXECUTOR.execute(this::closeNow);
    }

    private synchronized void closeNow() {
      closed = true;
      if (in != null) {
        try {
          in.close();
        } catch (IOException ignored) {
          // nothing more to read anyway
        }
      }
    }
  }

  /** A file as an InputStream over a FileChannel (positional reads, no extra buffering). */
  final class FileChannelInput {
    private FileChannelInput() {}

    static InputStream open(java.nio.file.Path file) throws IOException {
      return java.nio.channels.Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ));
    }
  }
}
