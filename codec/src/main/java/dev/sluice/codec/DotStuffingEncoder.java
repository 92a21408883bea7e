package dev.sluice.codec;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.smtp.LastSmtpContent;
import io.netty.handler.codec.smtp.SmtpContent;
import java.util.List;

/**
 * Client side: writes the message data that follows a {@code 354} reply. Each {@link SmtpContent}
 * is one chunk of the message; a {@link LastSmtpContent} ends it with the terminator. See
 * {@link MessageDataTransformer} for the rules. One per connection (it carries line state).
 */
public final class DotStuffingEncoder extends MessageToMessageEncoder<SmtpContent> {

  private final MessageDataTransformer transformer =
      new MessageDataTransformer(DataFraming.DOT_STUFFED);

  public DotStuffingEncoder() {
    super(SmtpContent.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, SmtpContent msg, List<Object> out) {
    // Always add the data, even when empty: a MessageToMessageEncoder must produce something.
    out.add(transformer.transform(msg.content(), ctx.alloc()));
    if (msg instanceof LastSmtpContent) {
      out.add(transformer.finish());
    }
  }

  /** Whether the message being written so far had a byte with the high bit set. */
  public boolean sawEightBit() {
    return transformer.sawEightBit();
  }
}
