package dev.sluice.bench.peers;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The sink these benchmarks send to: always an external one (this module cannot load Sluice's sink,
 * which needs Netty 4.2), named by the system property {@value #ADDRESS_PROPERTY} ({@code host:port})
 * and, for STARTTLS, its certificate's PEM file in {@value #CERTIFICATE_PROPERTY} (without it every
 * certificate is trusted). {@code bench/scripts/jmh-compare.sh} starts one {@code sluice sink} and
 * passes the same two properties to Sluice's benchmarks, so that every client meets the same sink.
 */
public record PeerSink(String host, int port, Path certificate) {

  public static final String ADDRESS_PROPERTY = "sluice.bench.sink";
  public static final String CERTIFICATE_PROPERTY = "sluice.bench.sink.cert";

  public static PeerSink fromProperties() {
    String address = System.getProperty(ADDRESS_PROPERTY, "");
    if (address.isBlank()) {
      throw new IllegalStateException("set -D" + ADDRESS_PROPERTY + "=HOST:PORT to a running sink "
          + "(bench/scripts/jmh-compare.sh starts one), e.g. ./sluice sink --count-only --tls starttls --port 25260");
    }
    int colon = address.lastIndexOf(':');
    String pem = System.getProperty(CERTIFICATE_PROPERTY, "");
    return new PeerSink(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)),
        pem.isBlank() ? null : Path.of(pem));
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(host, port);
  }
}
