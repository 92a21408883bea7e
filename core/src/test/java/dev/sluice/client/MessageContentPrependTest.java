package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A header put in front of in-memory content: no copy of the content, its profile reused. */
class MessageContentPrependTest {

  @Test
  void sharesTheContentAndAddsTheHeaderToItsProfile() {
    ByteBuf body = Unpooled.directBuffer().writeBytes("Subject: caf\u00e9\nbare lf".getBytes(StandardCharsets.UTF_8));
    MessageContent.InMemory content = (MessageContent.InMemory) MessageContent.of(body);
    byte[] header = "X-Sig: 1\r\n".getBytes(StandardCharsets.US_ASCII);
    MessageContent.InMemory both = (MessageContent.InMemory) MessageContent.prepend(header, content);
    assertThat(both.size().getAsLong()).isEqualTo(header.length + content.size().getAsLong());
    assertThat(both.eightBit()).isTrue();
    ByteBuf data = both.retainedData();
    try {
      assertThat(data.toString(StandardCharsets.UTF_8)).isEqualTo("X-Sig: 1\r\nSubject: caf\u00e9\nbare lf");
      assertThat(body.refCnt()).isEqualTo(2);
    } finally {
      data.release();
    }
    content.release();
    assertThat(body.refCnt()).isEqualTo(1);
    both.release();
    assertThat(body.refCnt()).isZero();
  }

  @Test
  void refusesAHeaderThatIsNotWholeLines() {
    MessageContent.InMemory content = (MessageContent.InMemory) MessageContent.of("x\r\n");
    assertThatThrownBy(() -> MessageContent.prepend("X-Sig: 1".getBytes(StandardCharsets.US_ASCII), content))
        .isInstanceOf(IllegalArgumentException.class);
    content.release();
  }
}
