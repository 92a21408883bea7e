package dev.sluice.route;

import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.SmtpSinkBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Sinks on distinct loopback addresses (127.0.0.2, 127.0.0.3…) that all listen on one port, as MX
 * hosts do on 25: the router has one SMTP port for every host.
 */
final class Sinks implements AutoCloseable {

  private final List<SmtpSink> sinks = new ArrayList<>();
  private int port;

  /** Starts a sink on {@code address}, on the shared port (chosen by the first sink). */
  SmtpSink start(String address, UnaryOperator<SmtpSinkBuilder> setup) {
    SmtpSinkBuilder b = setup.apply(SmtpSink.builder().bind(address).port(port).inMemory());
    SmtpSink sink = b.start();
    sinks.add(sink);
    port = sink.port();
    return sink;
  }

  SmtpSink start(String address) {
    return start(address, b -> b);
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    sinks.forEach(SmtpSink::close);
  }
}
