package dev.sluice.client;

import dev.sluice.codec.BdatChunk;
import dev.sluice.codec.BdatEncoder;
import dev.sluice.codec.DotStuffingEncoder;
import dev.sluice.codec.SmtpReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.smtp.DefaultSmtpContent;
import io.netty.handler.codec.smtp.LastSmtpContent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * Streams one message's data onto the connection: a chunk is read only when the channel is
 * writable, so memory stays bounded however large the message. After DATA the chunks go as
 * content and the end as the terminator; with BDAT each chunk is its own BDAT command (its reply
 * checked; the first failure stops the stream) and {@code BDAT 0 LAST} ends it.
 *
 * <p>Refuses 8-bit content on the fly when the server lacks 8BITMIME (known for streams only while
 * sending): the connection is dropped before the end of data, so the message is not delivered.
 */
final class ContentWriter {

  private final SmtpConnection conn;
  private final ChunkSource source;
  private final boolean bdat;
  private final boolean binary;
  private final boolean pipelined;
  private final boolean eightBitAllowed;
  private final EventLoop loop;
  private final CompletableFuture<SmtpReply> finalReply = new CompletableFuture<>();
  private Runnable onWritten;
  private SmtpReply rejectedChunk;
  private boolean reading;
  /** The end (or a rejected chunk) was reached: nothing more is read or written. */
  private boolean ended;
  /** Lockstep BDAT: a chunk was sent and its reply has not come yet. */
  private boolean awaitingChunkReply;

  ContentWriter(SmtpConnection conn, ChunkSource source, boolean bdat, boolean binary, boolean pipelined,
      boolean eightBitAllowed) {
    this.conn = conn;
    this.source = source;
    this.bdat = bdat;
    this.binary = binary;
    this.pipelined = pipelined;
    this.eightBitAllowed = eightBitAllowed;
    this.loop = conn.channel().eventLoop();
  }

  /**
   * Starts streaming; {@code onWritten} runs once the end of the data is written. Returns the reply
   * that decides the message: to the end of data / BDAT LAST, or to the first rejected BDAT chunk.
   */
  void run(Runnable onWritten, BiConsumer<? super SmtpReply, ? super Throwable> onFinal) {
    this.onWritten = onWritten;
    // Attached before the first chunk is read: a refusal found in it must reach this message first.
    finalReply.whenComplete(onFinal);
    conn.stream(new SmtpConnection.StreamListener() {
      @Override
      public void writable() {
        pump();
      }

      @Override
      public void rejected(SmtpReply reply) {
        ended = true;
        source.close();
        conn.progress(null);
        finalReply.complete(reply);
      }

      @Override
      public void failed(SmtpException e) {
        source.close();
        finalReply.completeExceptionally(e);
      }
    });
    conn.progress(SmtpPhase.DATA_CONTENT);
    pump();
  }

  private void pump() {
    if (reading || ended || awaitingChunkReply || finalReply.isDone() || !conn.isHealthy() || !conn.isWritable()) {
      return;
    }
    reading = true;
    source.next(conn.channel().alloc()).whenComplete((chunk, error) -> {
      if (loop.inEventLoop()) {
        onChunk(chunk, error);
        return;
      }
      try {
        loop.execute(() -> onChunk(chunk, error));
      } catch (RejectedExecutionException e) {
        // The client was closed while the chunk was read on a blocking thread: nobody will write it.
        if (chunk != null) {
          chunk.release();
        }
      }
    });
  }

  private void onChunk(ByteBuf chunk, Throwable error) {
    reading = false;
    if (error != null || !conn.isHealthy() || finalReply.isDone()) {
      if (chunk != null) {
        chunk.release();
      }
      if (error != null) {
        source.close();
        conn.fail(new ConnectionLostException(SmtpPhase.DATA_CONTENT,
            "reading the message failed: " + Futures.unwrap(error).getMessage(), false, Futures.unwrap(error)));
      }
      return;
    }
    if (chunk == null) {
      finish();
      return;
    }
    if (bdat) {
      awaitingChunkReply = !pipelined;
      conn.send(new BdatChunk(chunk, false, binary), SmtpPhase.BDAT).thenAccept(this::onChunkReply);
    } else {
      conn.write(new DefaultSmtpContent(chunk));
    }
    if (!eightBitAllowed && sawEightBit()) {
      refuseEightBit();
      return;
    }
    conn.flush();
    conn.progress(SmtpPhase.DATA_CONTENT);
    if (pipelined || !bdat) {
      pump();
    }
  }

  private boolean sawEightBit() {
    return bdat ? conn.channel().pipeline().get(BdatEncoder.class).sawEightBit()
        : conn.channel().pipeline().get(DotStuffingEncoder.class).sawEightBit();
  }

  private void onChunkReply(SmtpReply reply) {
    awaitingChunkReply = false;
    if (!reply.isPositive()) {
      if (rejectedChunk == null) {
        ended = true;
        rejectedChunk = reply;
        // The message is abandoned without BDAT LAST: its line state must not leak into the next.
        conn.channel().pipeline().get(BdatEncoder.class).reset();
        source.close();
        conn.progress(null);
        conn.stream(null);
        onWritten.run();
        finalReply.complete(reply);
      }
      return;
    }
    if (!pipelined && !ended) {
      pump();
    }
  }

  private void finish() {
    ended = true;
    source.close();
    conn.progress(null);
    conn.stream(null);
    CompletableFuture<SmtpReply> end;
    if (bdat) {
      end = conn.send(new BdatChunk(Unpooled.EMPTY_BUFFER, true, binary), SmtpPhase.FINAL_DOT, true);
    } else {
      end = conn.send(LastSmtpContent.EMPTY_LAST_CONTENT, SmtpPhase.FINAL_DOT, true);
    }
    onWritten.run();
    conn.flush();
    end.whenComplete((reply, e) -> {
      if (e != null) {
        finalReply.completeExceptionally(e);
      } else {
        finalReply.complete(reply);
      }
    });
  }

  /**
   * The connection tells this writer (the refused message) first, then closes once the replies
   * owed to messages written ahead of it have come (see {@link SmtpConnection#failAfterOwedReplies}).
   * The chunk that showed the 8-bit byte was written but is never flushed.
   */
  private void refuseEightBit() {
    ended = true;
    source.close();
    conn.failAfterOwedReplies(new MessageRefusedException(MessageRefusedException.Reason.EIGHT_BIT_NOT_SUPPORTED,
        "the message has 8-bit bytes and the server does not offer 8BITMIME; the connection was dropped "
            + "before the end of the data, so nothing was delivered",
        "encode the message as 7-bit (quoted-printable or base64 MIME parts)"));
  }
}
