package dev.sluice.bench.peers;

import com.hubspot.smtp.client.SmtpClientResponse;
import com.hubspot.smtp.client.SmtpSession;
import com.hubspot.smtp.client.SmtpSessionConfig;
import com.hubspot.smtp.client.SmtpSessionFactory;
import com.hubspot.smtp.client.SmtpSessionFactoryConfig;
import com.hubspot.smtp.messages.MessageContent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.smtp.SmtpRequests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * HubSpot's NioSmtpClient used as its README suggests for volume: {@code connections} sessions set up
 * once (EHLO, STARTTLS and EHLO again when asked), each carrying one message at a time — its
 * {@code send} pipelines MAIL, RCPT and DATA and waits for the reply to the final dot. A message goes
 * to whichever session is idle; {@link #send} waits while none is. Epoll, two event loop threads,
 * completions run on the event loop (no hand-off to another executor): the fastest setting it offers.
 */
final class NioSmtpSessions implements AutoCloseable {

  private static final String HELO = "bench.sluice.test";

  private final EventLoopGroup group;
  private final SmtpSessionFactory factory;
  private final List<SmtpSession> sessions = new ArrayList<>();
  private final LinkedBlockingQueue<SmtpSession> idle = new LinkedBlockingQueue<>();
  private final LongAdder delivered = new LongAdder();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  NioSmtpSessions(PeerSink sink, int connections, boolean starttls) throws Exception {
    boolean epoll = Epoll.isAvailable();
    group = epoll ? new EpollEventLoopGroup(2) : new NioEventLoopGroup(2);
    SSLContext tls = starttls ? Tls.trusting(sink.certificate()) : null;
    SmtpSessionFactoryConfig.Builder config = SmtpSessionFactoryConfig.builder()
        .eventLoopGroup(group)
        .channelClass(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .executor(Runnable::run);
    if (tls != null) {
      config.sslEngineSupplier(() -> {
        SSLEngine engine = tls.createSSLEngine(sink.host(), sink.port());
        engine.setUseClientMode(true);
        return engine;
      });
    }
    factory = new SmtpSessionFactory(config.build());
    SmtpSessionConfig session = SmtpSessionConfig.builder().remoteAddress(sink.address())
        .connectionTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(30)).build();
    for (int i = 0; i < connections; i++) {
      SmtpSession s = factory.connect(session).get(10, TimeUnit.SECONDS).getSession();
      sessions.add(s);
      check(s.send(SmtpRequests.ehlo(HELO)).get(10, TimeUnit.SECONDS), "EHLO");
      if (starttls) {
        check(s.startTls().get(10, TimeUnit.SECONDS), "STARTTLS");
        check(s.send(SmtpRequests.ehlo(HELO)).get(10, TimeUnit.SECONDS), "EHLO after STARTTLS");
      }
      idle.add(s);
    }
  }

  private static void check(SmtpClientResponse response, String what) {
    if (response.containsError()) {
      throw new IllegalStateException(what + " failed: " + response);
    }
  }

  /** Sends {@code message} on the next idle session, waiting for one. */
  void send(byte[] message) throws Exception {
    send(Unpooled.wrappedBuffer(message));
  }

  /** Sends {@code message} (NioSmtpClient takes it over and releases it) on the next idle session. */
  void send(ByteBuf message) throws Exception {
    SmtpSession s;
    while ((s = idle.poll(100, TimeUnit.MILLISECONDS)) == null) {
      checkFailure();
    }
    SmtpSession session = s;
    session.send(Mail.FROM, Mail.TO, MessageContent.of(message)).whenComplete((r, e) -> {
      if (e != null) {
        failure.compareAndSet(null, e);
      } else if (r.containsError()) {
        failure.compareAndSet(null, new IllegalStateException("refused: " + r));
      } else {
        delivered.increment();
        idle.add(session);
      }
    });
  }

  long delivered() {
    return delivered.sum();
  }

  /** Waits until every session is idle again (every message sent so far has its reply). */
  void awaitIdle() throws Exception {
    while (idle.size() < sessions.size()) {
      checkFailure();
      Thread.sleep(1);
    }
  }

  void checkFailure() throws Exception {
    Throwable e = failure.get();
    if (e instanceof Exception x) {
      throw x;
    } else if (e != null) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    for (SmtpSession s : sessions) {
      s.close().get(10, TimeUnit.SECONDS);
    }
    factory.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
  }
}
