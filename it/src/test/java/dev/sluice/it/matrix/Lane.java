package dev.sluice.it.matrix;

import dev.sluice.client.Credentials;
import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.WireTrace;
import dev.sluice.it.peers.Peers;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One column of the matrix: an endpoint and an AUTH mechanism, with a session that its cases share
 * one after the other (as a real sender would), opened on first use and again whenever a case left
 * it unusable.
 */
final class Lane implements AutoCloseable {

  private static final Duration SEND_DEADLINE = Duration.ofMinutes(2);

  private final Endpoint endpoint;
  private final String mechanism;
  private final SmtpClient client;
  private volatile String lastMailCommand;
  private SmtpSession session;

  Lane(Endpoint endpoint, String mechanism, EventLoopGroup group) {
    this.endpoint = endpoint;
    this.mechanism = mechanism;
    SmtpClientConfig config = SmtpClientConfig.builder("localhost").port(endpoint.port()).tlsMode(endpoint.tls())
        .trust(TrustConfig.pemFile(endpoint.ca())).heloName("client.example.test")
        .credentials(Credentials.password(Peers.USER, Peers.PASSWORD)).authMechanisms(List.of(mechanism))
        .allowCleartextAuth(endpoint.tls() == TlsMode.NONE).chunking(endpoint.chunking())
        .timeouts(Timeouts.all(Duration.ofSeconds(30)))
        .trace(new WireTrace() {
          @Override
          public void sent(String line) {
            if (line.startsWith("MAIL FROM:")) {
              lastMailCommand = line;
            }
          }

          @Override
          public void received(String line) {}
        }).build();
    this.client = SmtpClient.create(config, group);
  }

  Endpoint endpoint() {
    return endpoint;
  }

  String mechanism() {
    return mechanism;
  }

  /** The last MAIL command this lane sent, as traced (parameters included). */
  String lastMailCommand() {
    return lastMailCommand;
  }

  synchronized SmtpSession session() throws Exception {
    if (session == null || !session.isUsable()) {
      if (session != null) {
        session.close();
      }
      session = get(client.connect());
    }
    return session;
  }

  /** Sends on the lane's session and releases {@code content} (the caller's reference) whatever happens. */
  SendResult send(Envelope envelope, MessageContent content) throws Exception {
    try {
      return get(session().send(envelope, content));
    } finally {
      content.release();
    }
  }

  private static <T> T get(java.util.concurrent.CompletableFuture<T> future) throws Exception {
    try {
      return future.get(SEND_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + SEND_DEADLINE, e);
    }
  }

  @Override
  public synchronized void close() {
    if (session != null) {
      try {
        session.quit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        session.close();
      }
      session = null;
    }
    client.close();
  }

  @Override
  public String toString() {
    return endpoint + " / AUTH " + mechanism;
  }
}
