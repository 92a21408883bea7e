package dev.sluice.sink.session;

import dev.sluice.sink.SinkConfig;
import dev.sluice.sink.fault.FaultInjector;
import dev.sluice.sink.store.MessageStore;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection of one sink shares: the configuration, the pre-encoded replies, the TLS
 * context, the store, the counters and the fault injector. Immutable apart from the counters and
 * id sequences, which are thread-safe.
 */
public final class SessionSettings {

  final SinkConfig config;
  final Replies replies;
  final byte[] ehloCleartext;
  final byte[] ehloTls;
  final SslContext ssl;
  final MessageStore store;
  final Counters counters;
  final FaultInjector faults;
  private final AtomicLong connectionIndex = new AtomicLong();
  /** Open connections per client address, for {@link dev.sluice.sink.Limits#maxConnectionsPerIp()}. */
  final java.util.concurrent.ConcurrentHashMap<java.net.InetAddress, Integer> perAddress =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong messageSequence = new AtomicLong();
  private final String idPrefix;

  /**
   * @param ssl the server TLS context, or null when the sink does no TLS
   */
  public SessionSettings(SinkConfig config, SslContext ssl, MessageStore store, Counters counters) {
    this.config = config;
    this.replies = new Replies(config);
    this.ehloCleartext = EhloReply.encode(config, false);
    this.ehloTls = EhloReply.encode(config, true);
    this.ssl = ssl;
    this.store = store;
    this.counters = counters;
    this.faults = new FaultInjector(config.faults());
    // Ids sort by sink start, then arrival, and do not collide between sinks started at other times.
    this.idPrefix = Long.toString(System.currentTimeMillis(), 36).toUpperCase(java.util.Locale.ROOT) + "-";
  }

  long nextConnectionIndex() {
    return connectionIndex.getAndIncrement();
  }

  String nextMessageId() {
    return idPrefix + String.format("%06d", messageSequence.incrementAndGet());
  }
}
