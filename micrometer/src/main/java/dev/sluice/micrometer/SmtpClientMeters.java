package dev.sluice.micrometer;

import dev.sluice.client.SmtpException;
import dev.sluice.client.SmtpMetrics;
import dev.sluice.client.SmtpPhase;
import dev.sluice.client.TlsInfo;
import dev.sluice.client.TransactionSummary;
import dev.sluice.codec.EnhancedStatus;
import dev.sluice.codec.SmtpReply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link SmtpMetrics} on a {@link MeterRegistry}: connections, TLS, AUTH, replies, command and
 * transaction timers, bytes. Pass it to {@code SmtpClientConfig.Builder.metrics}, or let
 * {@link SluiceMeters#instrument} do it. One instance may serve several clients (their counts add
 * up) or each client may have its own, told apart by the common {@code tags}.
 *
 * <p>Cost model: the hooks run on event loops for every reply and every write. Meters whose tags
 * come from a small fixed set (phase × code class × status subject, result) are found once and
 * kept in arrays; only the once-per-connection meters (TLS protocol and cipher, AUTH mechanism,
 * failure reasons) are looked up in the registry each time. The per-reply and per-transaction
 * times are {@link FunctionTimer}s over two adders (count and sum, no max, no histogram): a
 * {@link Timer} reads the clock and updates a decaying max on every record, which the overhead
 * measurement showed (bench/README.md). Message latency with percentiles, where it matters, is
 * the bulk sender's {@code sluice.messages} timer.
 */
public final class SmtpClientMeters implements SmtpMetrics {

  private static final SmtpPhase[] PHASES = SmtpPhase.values();
  private static final TransactionSummary.Result[] RESULTS = TransactionSummary.Result.values();
  /** Code classes 2–5 (index 0–3) and anything else (4); subjects -1..7 and other (index 0–9). */
  private static final int CLASSES = 5;
  private static final int SUBJECTS = 10;

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter opened;
  private final Counter bytesOut;
  private final Counter bytesIn;
  private final Timer setup;
  private final Shared shared;
  private final AtomicReferenceArray<Counter> replies = new AtomicReferenceArray<>(PHASES.length * CLASSES * SUBJECTS);

  public SmtpClientMeters(MeterRegistry registry, Iterable<io.micrometer.core.instrument.Tag> tags) {
    this.registry = registry;
    this.tags = Tags.of(tags);
    this.opened = Counter.builder("sluice.connections.opened").tags(this.tags)
        .description("TCP connections opened to SMTP servers").register(registry);
    this.bytesOut = Counter.builder("sluice.bytes.sent").baseUnit("bytes").tags(this.tags)
        .description("Bytes written to SMTP connections (before TLS)").register(registry);
    this.bytesIn = Counter.builder("sluice.bytes.received").baseUnit("bytes").tags(this.tags)
        .description("Bytes read from SMTP connections (after TLS)").register(registry);
    this.setup = Timer.builder("sluice.connections.setup").tags(this.tags)
        .description("From connect to session ready: TCP, greeting, EHLO, TLS, AUTH").register(registry);
    this.shared = Shared.of(registry, this.tags);
  }

  public SmtpClientMeters(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /** A count and a sum, for a {@link FunctionTimer}: two adder updates, no clock read, no max. */
  private static final class Tally {
    final LongAdder count = new LongAdder();
    final LongAdder nanos = new LongAdder();

    void add(long n) {
      count.increment();
      nanos.add(n);
    }
  }

  /**
   * What meters read from objects of ours (a gauge, function timers) need per registry and tags: a
   * meter is registered once, so two meter sets with the same tags (two clients of one application)
   * must feed the same objects.
   */
  private static final class Shared {
    private static final Map<MeterRegistry, Map<Tags, Shared>> ALL = new WeakHashMap<>();

    final AtomicInteger active = new AtomicInteger();
    final Tally[] commands = new Tally[PHASES.length];
    final Tally[] transactions = new Tally[RESULTS.length];
    final Tally queued = new Tally();

    static Shared of(MeterRegistry registry, Tags tags) {
      synchronized (ALL) {
        Map<Tags, Shared> byTags = ALL.computeIfAbsent(registry, r -> new HashMap<>());
        Shared s = byTags.get(tags);
        if (s == null) {
          s = new Shared();
          s.register(registry, tags);
          byTags.put(tags, s);
        }
        return s;
      }
    }

    private void register(MeterRegistry registry, Tags tags) {
      Gauge.builder("sluice.connections.active", active, AtomicInteger::get).tags(tags)
          .description("SMTP connections open now").strongReference(true).register(registry);
      for (SmtpPhase p : PHASES) {
        Tally t = new Tally();
        commands[p.ordinal()] = t;
        // A function timer, not a Timer: this is updated for every reply, and a Timer's decaying max
        // reads the clock and compare-and-sets on every record (bench/README.md, binder overhead).
        FunctionTimer.builder("sluice.command.duration", t, x -> x.count.sum(), x -> x.nanos.sum(),
                TimeUnit.NANOSECONDS).tags(tags).tag("command", Reasons.phase(p))
            .description("Server reply time per command: from the later of the command's write and the previous reply")
            .register(registry);
      }
      for (TransactionSummary.Result r : RESULTS) {
        Tally t = new Tally();
        transactions[r.ordinal()] = t;
        FunctionTimer.builder("sluice.transactions", t, x -> x.count.sum(), x -> x.nanos.sum(), TimeUnit.NANOSECONDS)
            .tags(tags).tag("result", Reasons.lower(r.name()))
            .description("Message transactions on sessions by result, timed on the wire (first command to last reply)")
            .register(registry);
      }
      FunctionTimer.builder("sluice.transactions.queued", queued, x -> x.count.sum(), x -> x.nanos.sum(),
              TimeUnit.NANOSECONDS).tags(tags)
          .description("Time a message waited in the client behind others on its connection before its first command")
          .register(registry);
    }
  }

  @Override
  public void reply(SmtpPhase phase, SmtpReply reply, long sinceWrittenNanos, long serverNanos) {
    int p = phase.ordinal();
    shared.commands[p].add(serverNanos);
    int c = reply.codeClass();
    int classIndex = c >= 2 && c <= 5 ? c - 2 : 4;
    EnhancedStatus status = reply.enhancedStatus();
    int subject = status == null ? -1 : Math.min(status.subject(), 8);
    int index = (p * CLASSES + classIndex) * SUBJECTS + subject + 1;
    Counter counter = replies.get(index);
    if (counter == null) {
      counter = Counter.builder("sluice.replies").tags(tags)
          .tag("command", Reasons.phase(phase))
          .tag("code.class", classIndex == 4 ? "other" : c + "xx")
          .tag("status.subject", Reasons.subject(subject))
          .description("Server replies by command, reply code class and RFC 3463 status subject")
          .register(registry);
      replies.set(index, counter); // a race registers the same meter twice: the registry returns one
    }
    counter.increment();
  }

  @Override
  public void bytesSent(long bytes) {
    bytesOut.increment(bytes);
  }

  @Override
  public void bytesReceived(long bytes) {
    bytesIn.increment(bytes);
  }

  @Override
  public void connected(InetSocketAddress remote) {
    opened.increment();
    shared.active.incrementAndGet();
  }

  @Override
  public void setupFailed(SmtpException failure, long setupNanos) {
    Counter.builder("sluice.connections.failed").tags(tags)
        .tag("phase", Reasons.phase(failure.phase()))
        .tag("reason", Reasons.of(failure))
        .description("Connection attempts that never became a ready session, by phase and reason")
        .register(registry).increment();
  }

  @Override
  public void tlsHandshake(TlsInfo tls, SmtpException failure, long handshakeNanos) {
    Timer.builder("sluice.tls.handshakes").tags(tags)
        .tag("protocol", tls == null ? "none" : tls.protocol())
        .tag("cipher", tls == null ? "none" : tls.cipherSuite())
        .tag("result", failure == null ? "success" : Reasons.of(failure))
        .description("TLS handshakes (certificate checks included) by protocol, cipher suite and result")
        .register(registry).record(handshakeNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void auth(String mechanism, SmtpException failure, long authNanos) {
    Timer.builder("sluice.auth").tags(tags)
        .tag("mechanism", mechanism == null ? "none" : mechanism)
        .tag("result", failure == null ? "success" : Reasons.of(failure))
        .description("AUTH exchanges by SASL mechanism and result")
        .register(registry).record(authNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void sessionReady(long setupNanos) {
    setup.record(setupNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void transaction(TransactionSummary s) {
    shared.transactions[s.result().ordinal()].add(s.wireNanos());
    shared.queued.add(s.queuedNanos());
  }

  @Override
  public void connectionClosed(SmtpException failure) {
    // Called once per connection that got as far as TCP (setup failures included), as connected was.
    shared.active.decrementAndGet();
    Counter.builder("sluice.connections.closed").tags(tags)
        .tag("reason", failure == null ? "clean" : Reasons.of(failure))
        .description("SMTP connections closed, by reason (clean = after QUIT)")
        .register(registry).increment();
  }
}
