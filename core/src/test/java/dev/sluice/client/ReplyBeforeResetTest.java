package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server that refuses a message while it streams ({@code 552}) and then drops the connection:
 * when the client's event loop was busy (a loaded machine), the reply and the reset are both
 * waiting when it wakes, and Netty handles "writable/error" before "readable". The failed write must
 * not hide the reply that is already in the socket: the message is refused (permanent, known), not
 * lost with the connection (transient, retried, maybe delivered twice elsewhere).
 */
class ReplyBeforeResetTest {

  @Test
  void aRefusalWaitingBehindAResetIsStillRead() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("127.0.0.1").port(server.getLocalPort())
             .tlsMode(TlsMode.NONE).heloName("client.test").timeouts(Timeouts.all(Duration.ofSeconds(10)))
             .ioThreads(1).build())) {
      CountDownLatch streaming = new CountDownLatch(1);
      CountDownLatch refusedAndReset = new CountDownLatch(1);
      CompletableFuture<Void> script = CompletableFuture.runAsync(() -> serve(server, streaming, refusedAndReset));

      SmtpSession session = client.connect().get(10, TimeUnit.SECONDS);
      MessageContent big = Hostile.generated(256L * 1024 * 1024);
      CompletableFuture<SendResult> sent = session.send(Envelope.of("a@example.test", "b@example.test"), big);
      big.release();
      assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();
      // The server has stopped reading; block the client's only loop while it refuses and resets.
      CountDownLatch blocked = new CountDownLatch(1);
      client.group().next().execute(() -> {
        blocked.countDown();
        try {
          refusedAndReset.await(10, TimeUnit.SECONDS);
          Thread.sleep(100); // let the reset arrive
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
      script.get(10, TimeUnit.SECONDS);

      assertThatThrownBy(() -> sent.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(SmtpRejectedException.class, e -> {
            assertThat(e.reply().code()).isEqualTo(552);
            assertThat(e.isTransient()).isFalse();
            assertThat(e.deliveryUnknown()).isFalse();
          });
    }
  }

  private static void serve(ServerSocket server, CountDownLatch streaming, CountDownLatch refusedAndReset) {
    try (Socket s = server.accept()) {
      s.setReceiveBufferSize(64 * 1024);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1);
      say(out, "220 test ESMTP\r\n");
      lines.readLine(); // EHLO
      say(out, "250-test\r\n250 PIPELINING\r\n");
      lines.readLine(); // MAIL
      lines.readLine(); // RCPT
      lines.readLine(); // DATA
      say(out, "250 ok\r\n250 ok\r\n354 go\r\n");
      Thread.sleep(300); // the client fills the buffers and waits to write more
      streaming.countDown();
      Thread.sleep(200); // and its loop is blocked by now
      say(out, "552 5.3.4 message size exceeds fixed limit\r\n");
      s.setSoLinger(true, 0); // unread data: the close is a reset either way; make it certain
      s.close();
      refusedAndReset.countDown();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void say(OutputStream out, String text) throws java.io.IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
