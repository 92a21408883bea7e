package dev.sluice.cli;

import dev.sluice.sink.SmtpSinkBuilder;
import picocli.CommandLine.Option;

/**
 * {@code sluice sink --io-threads T}: the sink's event loops (default: one per core). Against a
 * lockstep client such as Postfix's smtp-source on a small machine shared with the load generator,
 * one loop serves each command for less CPU (more sockets ready per wake-up; bench/README.md,
 * "Sink throughput"); against pipelining clients, one per core keeps up with more messages.
 */
final class SinkThreadsOption {

  @Option(names = "--io-threads", paramLabel = "T",
      description = "Event loop threads (default: one per core).")
  Integer ioThreads;

  SmtpSinkBuilder apply(SmtpSinkBuilder b) {
    if (ioThreads != null) {
      if (ioThreads < 1) {
        throw new IllegalArgumentException("--io-threads must be at least 1");
      }
      b.ioThreads(ioThreads);
    }
    return b;
  }
}
