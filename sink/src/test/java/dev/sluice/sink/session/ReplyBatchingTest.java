package dev.sluice.sink.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.store.CountingStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplyBatchingTest {

  private final EmbeddedChannel channel = new EmbeddedChannel(new SinkChannelInitializer(
      new SessionSettings(SmtpSink.builder().countOnly().config(), null, CountingStore.INSTANCE, new Counters()),
      new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE)));

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private String readOutbound() {
    ByteBuf out = channel.readOutbound();
    if (out == null) {
      return null;
    }
    try {
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      out.release();
    }
  }

  @Test
  void answersAReadBurstOfPipelinedCommandsWithOneWriteInOrder() {
    assertThat(readOutbound()).startsWith("220 ");

    channel.writeInbound(Unpooled.copiedBuffer(
        "HELO c.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nRCPT TO:<e@f.test>\r\nDATA\r\n",
        StandardCharsets.US_ASCII));

    assertThat(readOutbound()).isEqualTo("250 localhost\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n"
        + "354 End data with <CR><LF>.<CR><LF>\r\n");
    assertThat(readOutbound()).isNull();
  }

  @Test
  void answersTheDataAndTheNextTransactionInTheSameWrite() {
    readOutbound();
    channel.writeInbound(Unpooled.copiedBuffer("HELO c.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n",
        StandardCharsets.US_ASCII));
    readOutbound();

    channel.writeInbound(Unpooled.copiedBuffer("hi\r\n.\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\n",
        StandardCharsets.US_ASCII));

    assertThat(readOutbound()).isEqualTo("250 2.0.0 Ok: queued\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n");
  }
}
