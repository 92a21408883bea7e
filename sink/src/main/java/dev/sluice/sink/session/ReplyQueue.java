package dev.sluice.sink.session;

import dev.sluice.codec.SmtpServerDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A connection's replies, in command order. Replies are appended to one buffer during a read burst
 * and written with a single flush at its end ({@link #flush()} from {@code channelReadComplete}):
 * one write per burst of pipelined commands, not one per command.
 *
 * <p>A reply can be held back — for an injected delay, or until a store confirms a message — and
 * everything queued after it waits too, so replies never overtake each other. While held (or while
 * the socket is not writable) the connection stops reading and the decoder stops decoding what it
 * already has; replies are written out every {@value #FLUSH_AT} bytes within a burst. So a client
 * that floods commands and never reads replies holds at most the channel's write buffer (its high
 * water mark plus one flush) of replies, not one reply per command it managed to send. A close
 * waits for its last reply at most the write timeout; an abort does not wait.
 *
 * <p>Confined to the connection's event loop.
 */
final class ReplyQueue {

  private static final int INITIAL_BUFFER = 256;
  /** Replies of one burst beyond this are written at once (the write buffer then bounds them). */
  static final int FLUSH_AT = 16 * 1024;

  private final ChannelHandlerContext ctx;
  private final Counters counters;
  private final SmtpServerDecoder decoder;
  private final long writeTimeoutNanos;
  private ByteBuf pending;
  private boolean decodingPaused;
  /** System.nanoTime() when the channel became unwritable, or 0 while it is writable. */
  private long stalledSince;
  private ArrayDeque<Object> waiting;
  private boolean holding;
  private boolean closed;

  ReplyQueue(ChannelHandlerContext ctx, Counters counters, SmtpServerDecoder decoder, Duration writeTimeout) {
    this.ctx = ctx;
    this.counters = counters;
    this.decoder = decoder;
    this.writeTimeoutNanos = writeTimeout.toNanos();
  }

  /** How long replies have waited for a client that does not read them (0: they are not waiting). */
  long stalledNanos(long now) {
    return stalledSince == 0 ? 0 : now - stalledSince;
  }

  /** Queues an encoded reply (with its CRLF). */
  void add(byte[] reply) {
    enqueue(reply);
  }

  /** Holds every later reply for {@code delay}, counted from when the replies before it went out. */
  void delay(Duration delay) {
    enqueue(delay);
  }

  /** Queues a reply that is known later (a store's confirmation); later replies wait for it. */
  void addLater(CompletionStage<byte[]> reply) {
    enqueue(reply);
  }

  /** Runs {@code action} once every reply queued before it has been written and flushed. */
  void then(Runnable action) {
    enqueue(action);
  }

  /** Closes the connection once every reply queued before has been written. */
  void close() {
    enqueue((Runnable) this::closeNow);
  }

  /** Whether a reply is being held back (idle timeouts do not count such time against the client). */
  boolean holding() {
    return holding;
  }

  /** Writes what this read burst produced, with one flush. */
  void flush() {
    if (pending != null && !closed) {
      ByteBuf out = pending;
      pending = null;
      ctx.writeAndFlush(out, ctx.voidPromise());
      updateAutoRead();
    }
  }

  /**
   * Drops everything and writes {@code last} (if not null) right away, then closes without waiting
   * for it to be taken: for shutdown and timeouts (a client that reads nothing cannot hold the
   * connection open by leaving the reply unwritten).
   */
  void abort(byte[] last) {
    if (closed) {
      return;
    }
    if (waiting != null) {
      waiting.clear();
    }
    holding = false;
    if (last != null) {
      append(last);
    }
    closeNow();
    ctx.close();
  }

  /** Whether the socket can take more; called when its writability changes. */
  void writabilityChanged() {
    stalledSince = ctx.channel().isWritable() ? 0 : Math.max(1, System.nanoTime());
    updateAutoRead();
  }

  /** Releases what was never written; the channel is gone. */
  void release() {
    closed = true;
    if (pending != null) {
      pending.release();
      pending = null;
    }
    if (waiting != null) {
      waiting.clear();
    }
  }

  private void enqueue(Object item) {
    if (closed) {
      return;
    }
    if (holding) {
      if (waiting == null) {
        waiting = new ArrayDeque<>();
      }
      waiting.add(item);
    } else {
      process(item);
    }
  }

  @SuppressWarnings("unchecked")
  private void process(Object item) {
    if (item instanceof byte[] reply) {
      append(reply);
    } else if (item instanceof Duration delay) {
      hold();
      ctx.executor().schedule(this::resume, delay.toNanos(), TimeUnit.NANOSECONDS);
    } else if (item instanceof CompletionStage<?> later) {
      hold();
      ((CompletionStage<byte[]>) later).whenComplete((reply, error) -> ctx.executor().execute(() -> {
        if (!closed) {
          if (reply != null) {
            append(reply);
          }
          resume();
        }
      }));
    } else {
      flush();
      ((Runnable) item).run();
    }
  }

  private void hold() {
    flush();
    holding = true;
    updateAutoRead();
  }

  private void resume() {
    if (closed) {
      return;
    }
    holding = false;
    while (!holding && waiting != null && !waiting.isEmpty() && !closed) {
      process(waiting.poll());
    }
    flush();
    updateAutoRead();
  }

  private void append(byte[] reply) {
    if (reply[0] >= '4') {
      counters.rejects.increment();
    }
    if (pending == null) {
      pending = ctx.alloc().ioBuffer(Math.max(INITIAL_BUFFER, reply.length));
    }
    pending.writeBytes(reply);
    if (pending.readableBytes() >= FLUSH_AT) {
      flush();
    }
  }

  private void closeNow() {
    if (closed) {
      return;
    }
    ByteBuf last = pending != null ? pending : Unpooled.EMPTY_BUFFER;
    pending = null;
    closed = true;
    if (waiting != null) {
      waiting.clear();
    }
    ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
    // A client that never reads would keep the last reply, and so the connection, for ever.
    io.netty.util.concurrent.Future<?> force = ctx.executor().schedule(() -> {
      ctx.close();
    }, writeTimeoutNanos, TimeUnit.NANOSECONDS);
    ctx.channel().closeFuture().addListener(f -> force.cancel(false));
  }

  private void updateAutoRead() {
    if (closed) {
      return;
    }
    boolean read = !holding && ctx.channel().isWritable();
    if (ctx.channel().config().isAutoRead() != read) {
      ctx.channel().config().setAutoRead(read);
    }
    if (decoder != null && decodingPaused == read) {
      decodingPaused = !read;
      decoder.pause(!read);
      if (read) {
        // Commands that arrived before the pause are still buffered, and no read may come to decode them.
        ctx.executor().execute(this::decodeBuffered);
      }
    }
  }

  private void decodeBuffered() {
    if (closed || decodingPaused) {
      return;
    }
    try {
      decoder.decodeBuffered(ctx.pipeline().context(decoder));
    } catch (Exception e) {
      ctx.fireExceptionCaught(e);
    }
  }
}
