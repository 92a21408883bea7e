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

  public SmtpReplyDecoder() {
    this(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_LINES);
  }

  public SmtpReplyDecoder(int maxLineLength, int maxLines) {
    this.parser = new SmtpReplyParser(maxLineLength, maxLines);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      SmtpReply reply = parser.parse(in);
      if (reply != null) {
        out.add(reply);
      }
    } catch (SmtpProtocolException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  /** Received bytes that are not (yet) part of a decoded reply. */
  public int bufferedBytes() {
    return actualReadableBytes();
  }
}
