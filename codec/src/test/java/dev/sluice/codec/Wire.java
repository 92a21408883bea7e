package dev.sluice.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers for bytes on the wire. */
final class Wire {

  private Wire() {}

  static ByteBuf buf(String latin1) {
    return Unpooled.copiedBuffer(latin1, StandardCharsets.ISO_8859_1);
  }

  static ByteBuf buf(byte[] bytes) {
    return Unpooled.copiedBuffer(bytes);
  }

  static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** Everything written out of the channel so far, concatenated; the buffers are released. */
  static byte[] outbound(EmbeddedChannel ch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object msg; (msg = ch.readOutbound()) != null; ) {
      appendAndRelease(out, msg);
    }
    return out.toByteArray();
  }

  /** Every inbound message so far; the caller releases them. */
  static List<Object> inbound(EmbeddedChannel ch) {
    List<Object> all = new ArrayList<>();
    for (Object msg; (msg = ch.readInbound()) != null; ) {
      all.add(msg);
    }
    return all;
  }

  static void appendAndRelease(ByteArrayOutputStream out, Object msg) {
    try {
      ByteBuf b = msg instanceof ByteBufHolder h ? h.content() : (ByteBuf) msg;
      out.writeBytes(ByteBufUtil.getBytes(b));
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }
}
