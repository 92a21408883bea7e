package dev.sluice.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Client side: turns the bytes a server sends into {@link SmtpReply} messages. Strict and bounded
 * (see {@link SmtpReplyParser}); after the first protocol error it fires the
 * {@link SmtpProtocolException} once and then drops everything else the peer sends.
 *
 * <p>{@link #bufferedBytes()} tells how many received bytes are not yet part of a reply: the
 * STARTTLS handshake must only start when it is zero (anything else was injected in cleartext).
 * {@link #received()} and {@link #lastReplyStart()} place every reply in the stream of bytes
 * received, so the client can tell a reply that was already there when its command was written
 * (unsolicited, whatever it says) from one that came after: two counters, no per-reply object.
 */
public final class SmtpReplyDecoder extends ByteToMessageDecoder {

  /**
   * Generous next to RFC 5321's 512 octets: real servers send long texts, and SASL challenges may be
   * as long as RFC 4954's 12288-octet AUTH lines.
   */
  public static final int DEFAULT_MAX_LINE_LENGTH = 16 * 1024;
  public static final int DEFAULT_MAX_LINES = 128;

  private final SmtpReplyParser parser;
  private boolean failed;
  /** Bytes handed to this decoder since the channel opened. */
  private long received;
  /** Stream offset of the first byte of the reply decoded last. */
  private long lastReplyStart;

  public SmtpReplyDecoder() {
    this(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_LINES);
  }

  public SmtpReplyDecoder(int maxLineLength, int maxLines) {
    this.parser = new SmtpReplyParser(maxLineLength, maxLines);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf b) {
      received += b.readableBytes();
    }
    super.channelRead(ctx, msg);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      // Everything before the cumulation's reader index has been consumed by earlier replies.
      long start = received - in.readableBytes();
      SmtpReply reply = parser.parse(in);
      if (reply != null) {
        lastReplyStart = start;
        out.add(reply);
      }
    } catch (SmtpProtocolException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  /** Bytes received so far (decoded or still buffered). */
  public long received() {
    return received;
  }

  /**
   * Where in the received stream the reply decoded last began. Read it when that reply is
   * delivered (replies are passed on one at a time as each is decoded).
   */
  public long lastReplyStart() {
    return lastReplyStart;
  }

  /** Received bytes that are not (yet) part of a decoded reply. */
  public int bufferedBytes() {
    return actualReadableBytes();
  }
}
