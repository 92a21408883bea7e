package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.codec.SmtpCommandEncoder;
import dev.sluice.codec.SmtpCommands;
import dev.sluice.codec.SmtpReply;
import dev.sluice.codec.SmtpReplyDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The rule "no reply may predate its command" on the handler itself: the position of each reply in
 * the received stream, and the raw bytes that arrived, against what had been received when the
 * command was written.
 */
class EarlyReplyTest {

  /** Stands in for an SslHandler: passes each line of a read on as its own read, as TLS records are. */
  private static final class RecordSplitter extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      try {
        while (in.isReadable()) {
          int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
          int end = lf < 0 ? in.writerIndex() : lf + 1;
          ctx.fireChannelRead(in.readRetainedSlice(end - in.readerIndex()));
        }
      } finally {
        in.release();
      }
    }
  }

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  /** MAIL is sent; its reply makes the handler send RCPT at once (lockstep). Returns RCPT's reply. */
  private static CompletableFuture<SmtpReply> lockstep(EmbeddedChannel ch, SmtpConnection conn) {
    CompletableFuture<SmtpReply> rcpt = new CompletableFuture<>();
    conn.send(SmtpCommands.mail("a@example.test"), SmtpPhase.MAIL).whenComplete((r, e) ->
        conn.send(SmtpCommands.rcpt("b@example.test"), SmtpPhase.RCPT).whenComplete((r2, e2) -> {
          if (e2 != null) {
            rcpt.completeExceptionally(e2);
          } else {
            rcpt.complete(r2);
          }
        }));
    conn.flush();
    releaseOutbound(ch);
    return rcpt;
  }

  private static void releaseOutbound(EmbeddedChannel ch) {
    for (Object o; (o = ch.readOutbound()) != null; ) {
      io.netty.util.ReferenceCountUtil.release(o);
    }
  }

  private static Throwable failure(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    try {
      f.get();
      throw new AssertionError("not failed");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static SmtpConnection connection() {
    return new SmtpConnection(Timeouts.all(Duration.ofSeconds(5)), null, null);
  }

  @Test
  void aReplyAlreadyReceivedWhenItsCommandWasWrittenIsUnsolicited() {
    SmtpConnection conn = connection();
    EmbeddedChannel ch = new EmbeddedChannel(new Arrivals(), new SmtpReplyDecoder(), SmtpCommandEncoder.INSTANCE, conn);
    CompletableFuture<SmtpReply> rcpt = lockstep(ch, conn);

    ch.writeInbound(bytes("250 mail ok\r\n250 rcpt ok?\r\n"));

    assertThat(failure(rcpt)).isInstanceOf(ProtocolViolationException.class);
    assertThat(ch.isOpen()).isFalse();
    assertThat((Object) ch.readOutbound()).as("RCPT is not flushed after the violation").isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void aReplyThatBeganBeforeItsCommandIsUnsolicitedEvenIfItEndsAfter() {
    SmtpConnection conn = connection();
    EmbeddedChannel ch = new EmbeddedChannel(new Arrivals(), new SmtpReplyDecoder(), SmtpCommandEncoder.INSTANCE, conn);
    CompletableFuture<SmtpReply> rcpt = lockstep(ch, conn);

    ch.writeInbound(bytes("250 mail ok\r\n25"));
    ch.writeInbound(bytes("0 rcpt ok?\r\n"));

    assertThat(failure(rcpt)).isInstanceOf(ProtocolViolationException.class);
    ch.finishAndReleaseAll();
  }

  @Test
  void repliesSplitIntoRecordsOfOneReadAreJudgedOnTheRawBytes() {
    // Over TLS each record's plaintext reaches the decoder as its own read: the stream position
    // alone would take the second reply as fresh; the raw count has not moved since RCPT was written.
    SmtpConnection conn = connection();
    EmbeddedChannel ch = new EmbeddedChannel(new Arrivals(), new RecordSplitter(), new SmtpReplyDecoder(),
        SmtpCommandEncoder.INSTANCE, conn);
    CompletableFuture<SmtpReply> rcpt = lockstep(ch, conn);

    ch.writeInbound(bytes("250 mail ok\r\n250 rcpt ok?\r\n"));

    assertThat(failure(rcpt)).isInstanceOf(ProtocolViolationException.class);
    ch.finishAndReleaseAll();
  }

  @Test
  void aReplyThatArrivesAfterItsCommandIsTaken() {
    SmtpConnection conn = connection();
    EmbeddedChannel ch = new EmbeddedChannel(new Arrivals(), new RecordSplitter(), new SmtpReplyDecoder(),
        SmtpCommandEncoder.INSTANCE, conn);
    CompletableFuture<SmtpReply> rcpt = lockstep(ch, conn);

    ch.writeInbound(bytes("250 mail ok\r\n"));
    releaseOutbound(ch);
    ch.writeInbound(bytes("250 rcpt ok\r\n"));

    assertThat(rcpt).isCompleted();
    assertThat(rcpt.join().code()).isEqualTo(250);
    assertThat(ch.isOpen()).isTrue();
    ch.finishAndReleaseAll();
  }

  @Test
  void pipelinedRepliesReceivedTogetherAfterTheirCommandsAreTaken() {
    SmtpConnection conn = connection();
    EmbeddedChannel ch = new EmbeddedChannel(new Arrivals(), new RecordSplitter(), new SmtpReplyDecoder(),
        SmtpCommandEncoder.INSTANCE, conn);
    CompletableFuture<SmtpReply> mail = conn.send(SmtpCommands.mail("a@example.test"), SmtpPhase.MAIL);
    CompletableFuture<SmtpReply> rcpt = conn.send(SmtpCommands.rcpt("b@example.test"), SmtpPhase.RCPT);
    CompletableFuture<SmtpReply> data = conn.send(SmtpCommands.data(), SmtpPhase.DATA);
    conn.flush();
    releaseOutbound(ch);

    ch.writeInbound(bytes("250 ok\r\n250 ok\r\n354 go\r\n"));

    assertThat(mail.join().code()).isEqualTo(250);
    assertThat(rcpt.join().code()).isEqualTo(250);
    assertThat(data.join().code()).isEqualTo(354);
    assertThat(ch.isOpen()).isTrue();
    ch.finishAndReleaseAll();
  }
}
