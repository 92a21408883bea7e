package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.ScriptedServer;
import dev.sluice.testkit.ScriptedServer.Script;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A chunk of streamed message data that is read after the client has been closed (its event loop
 * gone) is released, not leaked: the read runs on the blocking pool and may outlive the client.
 */
class StreamedContentShutdownTest {

  /** A stream whose first read blocks until the test lets it go, then ends after one chunk. */
  private static final class HeldStream extends InputStream {
    final CountDownLatch reading = new CountDownLatch(1);
    final CountDownLatch letGo = new CountDownLatch(1);
    final CountDownLatch ended = new CountDownLatch(1);
    private boolean served;

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (served) {
        ended.countDown();
        return -1;
      }
      reading.countDown();
      try {
        letGo.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      served = true;
      int n = Math.min(len, 1024);
      Arrays.fill(b, off, off + n, (byte) 'a');
      return n;
    }
  }

  @Test
  void releasesAChunkReadAfterTheClientWasClosed() throws Exception {
    HeldStream stream = new HeldStream();
    Script script = Script.create().greetAndEhlo().expect("MAIL FROM").send("250 ok\r\n").expect("RCPT TO")
        .send("250 ok\r\n").expect("DATA").send("354 go\r\n").pause(Duration.ofSeconds(10));
    CompletableFuture<SendResult> sent;
    try (ScriptedServer server = ScriptedServer.start(script)) {
      SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("localhost").port(server.port())
          .tlsMode(TlsMode.NONE).heloName("client.test").timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(1)
          .build());
      SmtpSession session = client.connect().get(10, TimeUnit.SECONDS);
      sent = session.send(Envelope.of("a@example.test", "b@example.test"), MessageContent.ofStream(() -> stream));
      assertThat(stream.reading.await(10, TimeUnit.SECONDS)).as("the data is being read").isTrue();

      client.close();
      stream.letGo.countDown();
      assertThat(stream.ended.await(10, TimeUnit.SECONDS)).isTrue();
      // Give the read's completion, which runs right after the stream ended, time to hand the chunk on.
      Thread.sleep(300);
    }
    assertThat(sent).isCompletedExceptionally();
  }
}
