package dev.sluice.client;

import dev.sluice.codec.DataProfile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A message — headers and body, as it goes after DATA — from memory, a file or a stream. Line
 * endings are normalised to CRLF and dots stuffed on the way out; the content itself is never
 * changed.
 *
 * <p>In-memory content is reference-counted so that one body can go to many envelopes without
 * being copied: each send takes its own duplicate of the buffer; {@link #release()} gives up the
 * creator's reference. Files and streams are read in chunks off the event loop, as fast as the
 * connection takes them.
 */
public abstract sealed class MessageContent extends AbstractReferenceCounted
    permits MessageContent.InMemory, MessageContent.FromFile, MessageContent.FromStream {

  private final boolean binary;

  MessageContent(boolean binary) {
    this.binary = binary;
  }

  /** The bytes of {@code message}, not copied. */
  public static MessageContent of(byte[] message) {
    return new InMemory(Unpooled.wrappedBuffer(message), false);
  }

  /** The text as UTF-8. */
  public static MessageContent of(String message) {
    return of(message.getBytes(StandardCharsets.UTF_8));
  }

  /** The readable bytes of {@code message}; takes over the caller's reference to it. */
  public static MessageContent of(ByteBuf message) {
    return new InMemory(message, false);
  }

  /** Binary content (BINARYMIME, RFC 3030): sent byte for byte by BDAT; needs CHUNKING and BINARYMIME. */
  public static MessageContent binary(ByteBuf message) {
    return new InMemory(message, true);
  }

  /** A file, streamed. */
  public static MessageContent ofFile(Path file) {
    return new FromFile(file);
  }

  /**
   * A stream, read in chunks on a background thread (never on the event loop). The supplier is
   * asked once per attempt, so a retried message is read again from the start.
   */
  public static MessageContent ofStream(Supplier<? extends InputStream> stream) {
    return new FromStream(stream);
  }

  /** True for BINARYMIME content. */
  public boolean isBinary() {
    return binary;
  }

  /** The RFC 1870 size when it is known before sending (memory and files). */
  public abstract OptionalLong size();

  /** Whether the content has 8-bit bytes; null when that is only known while sending (streams). */
  public abstract Boolean eightBit();

  @Override
  public MessageContent touch(Object hint) {
    return this;
  }

  @Override
  public MessageContent retain() {
    super.retain();
    return this;
  }

  /** Bytes held in memory. */
  public static final class InMemory extends MessageContent {
    private final ByteBuf data;
    private final DataProfile profile;

    /**
     * Scans the bytes here, on the thread that made the content, where they were just written (and
     * still are in that core's cache), not later on the event loop that every connection of a pool
     * shares.
     */
    InMemory(ByteBuf data, boolean binary) {
      super(binary);
      this.data = Objects.requireNonNull(data, "message");
      this.profile = binary ? new DataProfile(data.readableBytes(), true) : DataProfile.of(data);
    }

    /** A duplicate of the bytes for one send; the caller releases it. */
    public ByteBuf retainedData() {
      return data.retainedDuplicate();
    }

    /** Size and 8-bit-ness, found once when the content was made (one scan, however many envelopes). */
    public DataProfile profile() {
      return profile;
    }

    @Override
    public OptionalLong size() {
      return OptionalLong.of(profile().size());
    }

    @Override
    public Boolean eightBit() {
      return profile().eightBit();
    }

    /**
     * Whether the header section (up to the first empty line) has non-ASCII bytes: RFC 6532 UTF-8
     * header fields, which only an SMTPUTF8 server may be sent. Scanned only for 8-bit messages.
     */
    boolean eightBitHeader() {
      if (isBinary() || !profile.eightBit()) {
        return false;
      }
      int end = data.writerIndex();
      boolean lineStart = true;
      for (int i = data.readerIndex(); i < end; i++) {
        byte b = data.getByte(i);
        if (b < 0) {
          return true;
        }
        if (b == '\n') {
          if (lineStart) {
            return false; // the empty line: the body starts
          }
          lineStart = true;
        } else if (b != '\r') {
          lineStart = false;
        }
      }
      return false;
    }

    @Override
    protected void deallocate() {
      data.release();
    }
  }

  /** A file read in chunks. */
  public static final class FromFile extends MessageContent {
    private final Path file;
    private volatile long size = -1;

    FromFile(Path file) {
      super(false);
      this.file = Objects.requireNonNull(file, "file");
    }

    public Path file() {
      return file;
    }

    /**
     * The file's size, asked of the file system once and remembered. Never on an event loop (a stat
     * may block on a slow or network file system): there it is empty until known. The session
     * learns it on a blocking thread before the message reaches its loop, so SIZE is declared.
     */
    @Override
    public OptionalLong size() {
      long known = size;
      if (known >= 0) {
        return OptionalLong.of(known);
      }
      if (io.netty.util.internal.ThreadExecutorMap.currentExecutor() != null) {
        return OptionalLong.empty();
      }
      try {
        known = Files.size(file);
        size = known;
        return OptionalLong.of(known);
      } catch (java.io.IOException e) {
        return OptionalLong.empty();
      }
    }

    boolean sizeKnown() {
      return size >= 0;
    }

    @Override
    public Boolean eightBit() {
      return null;
    }

    @Override
    protected void deallocate() {}
  }

  /** A stream read in chunks. */
  public static final class FromStream extends MessageContent {
    private final Supplier<? extends InputStream> stream;

    FromStream(Supplier<? extends InputStream> stream) {
      super(false);
      this.stream = Objects.requireNonNull(stream, "stream");
    }

    public Supplier<? extends InputStream> stream() {
      return stream;
    }

    @Override
    public OptionalLong size() {
      return OptionalLong.empty();
    }

    @Override
    public Boolean eightBit() {
      return null;
    }

    @Override
    protected void deallocate() {}
  }

  /** Releases {@code c} if it is reference counted and still alive; for cleanup paths. */
  static void releaseQuietly(ReferenceCounted c) {
    if (c != null && c.refCnt() > 0) {
      c.release();
    }
  }
}
