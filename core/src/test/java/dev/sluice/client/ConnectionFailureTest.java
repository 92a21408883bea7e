package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.codec.BdatChunk;
import dev.sluice.codec.BdatEncoder;
import dev.sluice.codec.DotStuffingEncoder;
import dev.sluice.codec.SmtpCommandEncoder;
import dev.sluice.codec.SmtpReply;
import dev.sluice.codec.SmtpReplyDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.smtp.DefaultLastSmtpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** What a failed connection does with what is still written to it, and when delivery is unknown. */
class ConnectionFailureTest {

  private static EmbeddedChannel channel(SmtpConnection conn) {
    return new EmbeddedChannel(new Arrivals(), new SmtpReplyDecoder(), SmtpCommandEncoder.INSTANCE,
        new DotStuffingEncoder(), new BdatEncoder(), conn);
  }

  private static SmtpConnection connection() {
    return new SmtpConnection(Timeouts.all(Duration.ofSeconds(5)), null, null);
  }

  private static SmtpException error(CompletableFuture<?> f) throws InterruptedException {
    try {
      f.get();
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return (SmtpException) e.getCause();
    }
  }

  private static ByteBuf text(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  @Test
  void releasesAChunkSentAfterTheConnectionFailed() throws Exception {
    SmtpConnection conn = connection();
    EmbeddedChannel ch = channel(conn);
    conn.fail(new ConnectionLostException(SmtpPhase.MAIL, "gone", false, null));
    ByteBuf body = text("hello\r\n");

    CompletableFuture<SmtpReply> reply = conn.send(new BdatChunk(body, true, false), SmtpPhase.FINAL_DOT, true);

    assertThat(error(reply)).isInstanceOf(ConnectionLostException.class);
    assertThat(body.refCnt()).as("released, not leaked").isZero();
    ch.finishAndReleaseAll();
  }

  @Test
  void anEndOfDataNeverFlushedIsNotOfUnknownOutcome() throws Exception {
    SmtpConnection conn = connection();
    EmbeddedChannel ch = channel(conn);
    CompletableFuture<SmtpReply> end = conn.send(new DefaultLastSmtpContent(text("body\r\n")), SmtpPhase.FINAL_DOT, true);

    ch.close(); // the connection drops with the end of data still in the outbound buffer

    SmtpException e = error(end);
    assertThat(e.deliveryUnknown()).as("never written: the server cannot have it").isFalse();
    assertThat(e.isTransient()).isTrue();
    ch.finishAndReleaseAll();
  }

  @Test
  void anEndOfDataWrittenAndUnansweredIsOfUnknownOutcome() throws Exception {
    SmtpConnection conn = connection();
    EmbeddedChannel ch = channel(conn);
    CompletableFuture<SmtpReply> end = conn.send(new DefaultLastSmtpContent(text("body\r\n")), SmtpPhase.FINAL_DOT, true);
    conn.flush();

    ch.close();

    assertThat(error(end).deliveryUnknown()).isTrue();
    ch.finishAndReleaseAll();
  }
}
