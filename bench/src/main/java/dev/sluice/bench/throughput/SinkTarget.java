package dev.sluice.bench.throughput;

import dev.sluice.sink.SinkCounters;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.TlsMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * The server a throughput benchmark sends to: Sluice's sink in this JVM (count-only, STARTTLS
 * offered but not required, its own event loop threads), or, when the system property
 * {@value #ADDRESS_PROPERTY} names one ({@code host:port}), a sink already running elsewhere, whose
 * certificate is read from the PEM file named by {@value #CERTIFICATE_PROPERTY}.
 *
 * <p>The external form is how the comparison runs every client against the same sink process
 * ({@code bench/scripts/jmh-compare.sh}); it also keeps the sink's CPU time and allocations out of
 * this JVM, so that {@code -prof gc} reports the client's allocation alone.
 */
public final class SinkTarget implements AutoCloseable {

  public static final String ADDRESS_PROPERTY = "sluice.bench.sink";
  public static final String CERTIFICATE_PROPERTY = "sluice.bench.sink.cert";

  private final SmtpSink sink;
  private final InetSocketAddress address;
  private final X509Certificate certificate;

  private SinkTarget(SmtpSink sink, InetSocketAddress address, X509Certificate certificate) {
    this.sink = sink;
    this.address = address;
    this.certificate = certificate;
  }

  /** The external sink when one is configured, else a new in-process one for {@code connections}. */
  public static SinkTarget start(int connections) {
    String external = System.getProperty(ADDRESS_PROPERTY, "");
    if (!external.isBlank()) {
      int colon = external.lastIndexOf(':');
      InetSocketAddress address = new InetSocketAddress(external.substring(0, colon),
          Integer.parseInt(external.substring(colon + 1)));
      String pem = System.getProperty(CERTIFICATE_PROPERTY, "");
      return new SinkTarget(null, address, pem.isBlank() ? null : readCertificate(Path.of(pem)));
    }
    SmtpSink sink = SmtpSink.builder().countOnly().tls(TlsMode.STARTTLS)
        .ioThreads(Runtime.getRuntime().availableProcessors())
        .maxConnections(Math.max(1000, connections + 100)).start();
    return new SinkTarget(sink, sink.address(), sink.certificate().certificate());
  }

  public String host() {
    return address.getHostString();
  }

  public int port() {
    return address.getPort();
  }

  /** The sink's certificate, or null for an external sink without {@value #CERTIFICATE_PROPERTY}. */
  public X509Certificate certificate() {
    return certificate;
  }

  public boolean inProcess() {
    return sink != null;
  }

  /** The in-process sink's counters, or null for an external one. */
  public SinkCounters counters() {
    return sink == null ? null : sink.counters();
  }

  @Override
  public void close() {
    if (sink != null) {
      sink.close();
    }
  }

  private static X509Certificate readCertificate(Path pem) {
    try {
      byte[] bytes = Files.readAllBytes(pem);
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a certificate: " + pem, e);
    }
  }
}
