package dev.sluice.jakarta;

import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.bulk.BulkSender;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@link SmtpClient} and {@link BulkSender} (pooled, pipelined connections) per distinct
 * {@link ProviderSettings}, shared by every {@link SluiceTransport} with those settings.
 *
 * <p>{@code Transport.send} connects, sends and closes a transport for every message; tearing the
 * pool down each time would cost a TCP and TLS handshake per message. So a sender whose last
 * transport closed lingers ({@link #LINGER_SECONDS}) and is taken over by the next {@code connect};
 * its event loop threads are daemons, so a lingering sender never keeps the JVM alive. The linger
 * timer runs on the client's own event loop (no global timer).
 */
final class SharedSenders {

  static final long LINGER_SECONDS = 30;

  private static final Map<ProviderSettings, Shared> SHARED = new HashMap<>();

  private SharedSenders() {}

  /** A sender and its users; guarded by the class lock. */
  static final class Shared {
    final ProviderSettings settings;
    final SmtpClient client;
    final BulkSender sender;
    int users;
    io.netty.util.concurrent.ScheduledFuture<?> linger;
    boolean closed;

    Shared(ProviderSettings settings) {
      this.settings = settings;
      this.client = SmtpClient.create(settings.clientConfig());
      this.sender = BulkSender.create(client, settings.bulkConfig());
    }
  }

  /**
   * The sender for {@code settings}, made (and checked with one connection: greeting, TLS, AUTH)
   * when there is none yet. The check makes {@code Transport.connect} fail like Angus Mail's does,
   * on bad credentials or certificates, instead of the first send.
   */
  static Shared acquire(ProviderSettings settings) {
    Shared s;
    boolean fresh = false;
    synchronized (SharedSenders.class) {
      s = SHARED.get(settings);
      if (s == null) {
        s = new Shared(settings);
        SHARED.put(settings, s);
        fresh = true;
      }
      s.users++;
      if (s.linger != null) {
        s.linger.cancel(false);
        s.linger = null;
      }
    }
    if (fresh) {
      try {
        SmtpSession session = s.client.connect().join();
        session.quit().exceptionally(e -> null).join();
      } catch (RuntimeException e) {
        synchronized (SharedSenders.class) {
          s.users--;
          if (SHARED.get(settings) == s) {
            SHARED.remove(settings);
          }
          s.closed = true;
        }
        closeNow(s);
        throw e;
      }
    }
    return s;
  }

  /** One user fewer; the last one leaves the sender lingering, then closed. */
  static void release(Shared s) {
    synchronized (SharedSenders.class) {
      if (--s.users > 0 || s.closed) {
        return;
      }
      s.linger = s.client.group().next().schedule(() -> expire(s), LINGER_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static void expire(Shared s) {
    synchronized (SharedSenders.class) {
      if (s.users > 0 || s.closed) {
        return;
      }
      s.closed = true;
      SHARED.remove(s.settings, s);
    }
    // Off the event loop: closing waits for the group, which includes this thread.
    CompletableFuture.runAsync(() -> closeNow(s));
  }

  /** Closes every idle shared sender now (drains what is in flight); for tests and shutdown hooks. */
  static void closeIdle() {
    java.util.List<Shared> idle = new java.util.ArrayList<>();
    synchronized (SharedSenders.class) {
      for (Shared s : SHARED.values()) {
        if (s.users == 0) {
          idle.add(s);
          s.closed = true;
          if (s.linger != null) {
            s.linger.cancel(false);
          }
        }
      }
      idle.forEach(s -> SHARED.remove(s.settings));
    }
    idle.forEach(SharedSenders::closeNow);
  }

  private static void closeNow(Shared s) {
    try {
      s.sender.close();
    } finally {
      s.client.close();
    }
  }
}
