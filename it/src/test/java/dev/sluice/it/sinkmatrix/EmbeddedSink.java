package dev.sluice.it.sinkmatrix;

import dev.sluice.it.peers.Clients;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import dev.sluice.sink.TlsMode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An in-process {@link SmtpSink} in one TLS mode, with a password user and a token user (so it
 * offers PLAIN, LOGIN and XOAUTH2), AUTH required and, with STARTTLS, TLS required too.
 */
final class EmbeddedSink implements SinkUnderTest {

  private final SmtpSink sink;
  private final Clients.Server server;

  EmbeddedSink(TlsMode mode, TestPki pki, Path workDir) {
    this.sink = SmtpSink.builder().tls(mode).certificate(pki.server).hostname("mx.example.test")
        .user(SinkMatrix.USER, SinkMatrix.PASSWORD).token(SinkMatrix.USER, SinkMatrix.TOKEN)
        .requireAuth(true).requireTls(mode == TlsMode.STARTTLS).start();
    this.server = new Clients.Server(sink.port(), SinkMatrix.security(mode), pki.caFile, workDir);
  }

  @Override
  public Clients.Server server() {
    return server;
  }

  @Override
  public Received await(String recipient, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (StoredMessage m : sink.messages()) {
        if (m.recipientAddresses().contains(recipient)) {
          return new Received(m.data(), m.tls(), m.authenticatedUser(), m.from());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("nothing stored for " + recipient + " within " + timeout + "; counters: "
            + sink.counters());
      }
      Thread.sleep(10);
    }
  }

  @Override
  public void close() {
    sink.close();
  }
}
