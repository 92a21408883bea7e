package dev.sluice.it.sinkmatrix;

import dev.sluice.sink.TlsMode;
import java.nio.file.Path;
import java.util.List;

/**
 * The sink matrix against {@code sluice sink} running as its own process, one per TLS mode. Its
 * {@code --auth USER:PASS} users give PLAIN and LOGIN; the CLI has no token users, so no XOAUTH2.
 */
class CliSinkMatrixTest extends SinkMatrix {

  @Override
  SinkUnderTest start(TlsMode mode, TestPki pki, Path dir) {
    return new CliSink(mode, pki, dir);
  }

  @Override
  List<String> mechanisms(IndependentClient client) {
    return client.mechanisms().stream().filter(m -> !m.equals("XOAUTH2")).toList();
  }
}
