package dev.sluice.cli;

import dev.sluice.sink.SinkCounters;
import dev.sluice.sink.SmtpSink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The sink's counters as meters, read at scrape time (the sink never depends on Micrometer: its
 * {@link SinkCounters} are the hook). Names under {@code sluice.sink.}, one per counter.
 */
final class SinkMeters {

  private SinkMeters() {}

  static void bind(SmtpSink sink, MeterRegistry registry) {
    Gauge.builder("sluice.sink.connections.active", sink, s -> s.counters().activeConnections())
        .description("Client connections open now").register(registry);
    counter(registry, sink, "sluice.sink.connections", SinkCounters::connections, "Client connections accepted");
    counter(registry, sink, "sluice.sink.connections.refused", SinkCounters::refusedConnections,
        "Client connections refused (limits)");
    counter(registry, sink, "sluice.sink.commands", SinkCounters::commands, "Commands received");
    counter(registry, sink, "sluice.sink.messages", SinkCounters::messages, "Messages accepted");
    FunctionCounter.builder("sluice.sink.bytes", sink, s -> s.counters().bytes()).baseUnit("bytes")
        .description("Message bytes accepted").register(registry);
    counter(registry, sink, "sluice.sink.recipients", SinkCounters::recipients, "Recipients accepted");
    counter(registry, sink, "sluice.sink.rejects", SinkCounters::rejects, "Commands refused");
    counter(registry, sink, "sluice.sink.faults", SinkCounters::faults, "Faults injected");
    counter(registry, sink, "sluice.sink.tls.handshakes", SinkCounters::tlsHandshakes, "TLS handshakes completed");
    counter(registry, sink, "sluice.sink.tls.failures", SinkCounters::tlsFailures, "TLS handshakes failed");
    counter(registry, sink, "sluice.sink.auth.successes", SinkCounters::authSuccesses, "AUTH exchanges accepted");
    counter(registry, sink, "sluice.sink.auth.failures", SinkCounters::authFailures, "AUTH exchanges refused");
  }

  private static void counter(MeterRegistry registry, SmtpSink sink, String name, ToDoubleFunction<SinkCounters> f,
      String description) {
    FunctionCounter.builder(name, sink, s -> f.applyAsDouble(s.counters())).description(description)
        .register(registry);
  }
}
