package dev.sluice.it.sinkmatrix;

import dev.sluice.it.peers.Clients;
import java.time.Duration;

/** A running sink (embedded or the CLI process) the independent clients send to. */
interface SinkUnderTest extends AutoCloseable {

  /** Where the clients connect, how, and where they keep their files. */
  Clients.Server server();

  /** Waits for the message stored for {@code recipient}. */
  Received await(String recipient, Duration timeout) throws Exception;

  @Override
  void close();
}
