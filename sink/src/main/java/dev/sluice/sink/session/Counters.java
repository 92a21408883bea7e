package dev.sluice.sink.session;

import dev.sluice.sink.SinkCounters;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A sink's live counters. Written from every event loop, read from anywhere: {@link LongAdder}s,
 * which do not contend between event loops the way one shared atomic would.
 */
public final class Counters {

  final LongAdder connections = new LongAdder();
  final AtomicInteger active = new AtomicInteger();
  final LongAdder refused = new LongAdder();
  final LongAdder commands = new LongAdder();
  final LongAdder messages = new LongAdder();
  final LongAdder bytes = new LongAdder();
  final LongAdder recipients = new LongAdder();
  final LongAdder rejects = new LongAdder();
  final LongAdder faults = new LongAdder();
  final LongAdder tlsHandshakes = new LongAdder();
  final LongAdder tlsFailures = new LongAdder();
  final LongAdder authSuccesses = new LongAdder();
  final LongAdder authFailures = new LongAdder();
  final LongAdder startTlsDiscards = new LongAdder();

  public SinkCounters snapshot() {
    return new SinkCounters(connections.sum(), active.get(), refused.sum(), commands.sum(), messages.sum(),
        bytes.sum(), recipients.sum(), rejects.sum(), faults.sum(), tlsHandshakes.sum(), tlsFailures.sum(),
        authSuccesses.sum(), authFailures.sum(), startTlsDiscards.sum());
  }
}
