package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class LeakDetectionTest {

  @Test
  void runsAtParanoidLevelWithTheFailingDetector() {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    assertThat(FailingLeakDetector.installed()).isTrue();
  }

  @Test
  @Tag(LeakCheckExtension.EXPECTS_LEAK_TAG)
  void catchesABufferThatIsNeverReleased() {
    leakOneBuffer();

    assertThat(LeakCheck.collectLeaks())
        .as("a buffer dropped without release() must be reported")
        .anySatisfy(leak -> assertThat(leak).contains("LEAK").contains("leakOneBuffer"));
  }

  @Test
  @Tag(LeakCheckExtension.EXPECTS_LEAK_TAG)
  void failsTheTestThatLeaked() {
    leakOneBuffer();

    assertThatThrownBy(() -> LeakCheckExtension.failOnLeaks("failsTheTestThatLeaked", 3))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("leak(s) during failsTheTestThatLeaked")
        .hasMessageContaining("leakOneBuffer");
  }

  @Test
  void reportsNothingWhenBuffersAreReleased() {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    buf.writeLong(42);
    buf.release();

    assertThat(LeakCheck.collectLeaks()).isEmpty();
  }

  @Test
  void loadsEverySharedVectorFile() {
    assertThat(Vectors.replies()).hasSizeGreaterThan(20);
    assertThat(Vectors.dataEncoding()).hasSizeGreaterThan(20);
    assertThat(Vectors.arguments()).hasSizeGreaterThanOrEqualTo(10);
  }

  private static void leakOneBuffer() {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    buf.writeBytes("never released".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    buf.getByte(0);
  }
}
