package dev.sluice.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.smtp.SmtpRequest;
import java.util.List;

/**
 * Client side: writes {@link SmtpRequest}s and {@link SaslResponse}s as command lines. Arguments
 * are written as UTF-8 and the written bytes are checked again for CR, LF, NUL, other controls and
 * DEL; a forbidden byte fails the write with an {@link InvalidArgumentException} (inside an
 * {@link EncoderException}) and nothing of that command reaches the wire. Stateless and shared.
 */
@Sharable
public final class SmtpCommandEncoder extends MessageToByteEncoder<Object> {

  public static final SmtpCommandEncoder INSTANCE = new SmtpCommandEncoder();

  private static final short CRLF = ('\r' << 8) | '\n';

  private SmtpCommandEncoder() {}

  @Override
  public boolean acceptOutboundMessage(Object msg) {
    return msg instanceof SmtpRequest || msg instanceof SaslResponse || msg instanceof CommandBatch;
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Object msg, boolean preferDirect) {
    int estimate = 64;
    if (msg instanceof PathCommand p) {
      estimate += p.path().length() * 3 + 16 * p.esmtp().size();
    } else if (msg instanceof SaslResponse r) {
      estimate += r.base64().length();
    } else if (msg instanceof CommandBatch b) {
      estimate = 48 * b.requests().size();
      for (SmtpRequest r : b.requests()) {
        if (r instanceof PathCommand p) {
          estimate += p.path().length() * 3 + 16 * p.esmtp().size();
        }
      }
    }
    return preferDirect ? ctx.alloc().ioBuffer(estimate) : ctx.alloc().heapBuffer(estimate);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
    if (msg instanceof CommandBatch batch) {
      int start = out.writerIndex();
      try {
        for (SmtpRequest r : batch.requests()) {
          encodeOne(r, out);
        }
      } catch (RuntimeException e) {
        out.writerIndex(start); // all or nothing: no command of a refused batch reaches the wire
        throw e;
      }
      return;
    }
    encodeOne(msg, out);
  }

  private static void encodeOne(Object msg, ByteBuf out) {
    int start = out.writerIndex();
    if (msg instanceof SaslResponse r) {
      ByteBufUtil.writeAscii(out, r.base64());
      check(out, start, start, "auth-response", true);
    } else if (msg instanceof PathCommand p) {
      ByteBufUtil.writeAscii(out, p.command().name());
      out.writeByte(' ');
      int argStart = out.writerIndex();
      ByteBufUtil.writeAscii(out, p.prefix());
      out.writeByte('<');
      ByteBufUtil.writeUtf8(out, p.path());
      out.writeByte('>');
      writeParameters(out, p.esmtp());
      check(out, start, argStart, p.command().name().toString(), false);
    } else {
      SmtpRequest request = (SmtpRequest) msg;
      ByteBufUtil.writeAscii(out, request.command().name());
      int argStart = out.writerIndex();
      writeParameters(out, request.parameters());
      check(out, start, argStart, request.command().name().toString(),
          SmtpCommands.isSensitive(request));
    }
    out.writeShort(CRLF);
  }

  private static void writeParameters(ByteBuf out, List<? extends CharSequence> parameters) {
    for (int i = 0; i < parameters.size(); i++) {
      out.writeByte(' ');
      ByteBufUtil.writeUtf8(out, parameters.get(i));
    }
  }

  private static void check(ByteBuf out, int start, int argStart, String command, boolean secret) {
    int bad = Arguments.findForbiddenByte(out, argStart, out.writerIndex());
    if (bad >= 0) {
      String shown = secret ? "(redacted)" : SmtpText.escape(out, argStart, out.writerIndex() - argStart, 120);
      out.writerIndex(start);
      throw new EncoderException(new InvalidArgumentException(command + " argument",
          "encodes to a forbidden byte (CR, LF, NUL, other controls and DEL are refused)", shown));
    }
  }
}
