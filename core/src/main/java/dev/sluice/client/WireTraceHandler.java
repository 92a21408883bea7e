package dev.sluice.client;

import dev.sluice.codec.BdatChunk;
import dev.sluice.codec.CommandBatch;
import dev.sluice.codec.SaslResponse;
import dev.sluice.codec.SmtpCommands;
import dev.sluice.codec.SmtpReply;
import dev.sluice.codec.SmtpText;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.smtp.LastSmtpContent;
import io.netty.handler.codec.smtp.SmtpContent;
import io.netty.handler.codec.smtp.SmtpRequest;

/**
 * Reports the exchange to a {@link WireTrace} at the level of commands and replies (not bytes), so
 * that secrets can be left out: AUTH arguments and SASL responses show as {@code <redacted>},
 * message data as its size.
 */
final class WireTraceHandler extends ChannelDuplexHandler {

  private final WireTrace trace;
  private long dataBytes;

  WireTraceHandler(WireTrace trace) {
    this.trace = trace;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof SaslResponse r) {
      trace.sent(r.base64().equals("*") ? "*" : "<redacted SASL response>");
    } else if (msg instanceof SmtpRequest r) {
      traceCommand(r);
    } else if (msg instanceof CommandBatch b) {
      b.requests().forEach(this::traceCommand);
    } else if (msg instanceof SmtpContent c) {
      dataBytes += c.content().readableBytes();
      if (c instanceof LastSmtpContent) {
        trace.sent("<" + dataBytes + " bytes of message data>");
        trace.sent(".");
        dataBytes = 0;
      }
    } else if (msg instanceof BdatChunk b) {
      trace.sent("BDAT " + b.content().readableBytes() + (b.isLast() ? " LAST" : "") + " <data>");
    }
    ctx.write(msg, promise);
  }

  private void traceCommand(SmtpRequest r) {
    trace.sent(SmtpCommands.isSensitive(r) ? r.command().name() + " " + r.parameters().get(0) + " <redacted>"
        : SmtpText.escape(r.command().name() + (r.parameters().isEmpty() ? "" : " " + String.join(" ", r.parameters()))));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof SmtpReply r) {
      int n = r.lineCount();
      for (int i = 0; i < n; i++) {
        trace.received(r.code() + (i < n - 1 ? "-" : " ") + SmtpText.escape(r.line(i)));
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    trace.event("connection closed");
    ctx.fireChannelInactive();
  }
}
