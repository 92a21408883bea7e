package dev.sluice.bench.memory;

import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.TlsMode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;

/**
 * Heap per idle connection, as {@code bench/README.md} reports it: starts Sluice's sink in a child
 * JVM (so that its side of every connection is not in the heap measured), then
 * {@link IdleConnections#measure} with {@code CONNECTIONS} sessions. Needs a file descriptor limit
 * above CONNECTIONS in both processes ({@code ulimit -n}; {@code bench/scripts/idle-memory.sh} raises it).
 *
 * <pre>java -Xmx1g -cp bench/target/benchmarks.jar dev.sluice.bench.memory.IdleConnectionsMain 10000 none</pre>
 */
public final class IdleConnectionsMain {

  private IdleConnectionsMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 1 && args[0].equals("--sink")) {
      runSink(Path.of(args[1]), Integer.parseInt(args[2]));
      return;
    }
    int count = args.length >= 1 ? Integer.parseInt(args[0]) : 10_000;
    String tls = args.length >= 2 ? args[1] : "none";
    Path certFile = Files.createTempFile("idle-sink", ".pem");
    Process sink = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-cp", System.getProperty("java.class.path"), IdleConnectionsMain.class.getName(), "--sink",
        certFile.toString(), Integer.toString(count + 100))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(sink.getInputStream(), StandardCharsets.US_ASCII))) {
      String line = out.readLine();
      if (line == null || !line.startsWith("port=")) {
        throw new IllegalStateException("the sink did not start: " + line);
      }
      int port = Integer.parseInt(line.substring(5));
      X509Certificate cert;
      try (var in = Files.newInputStream(certFile)) {
        cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      IdleConnections.Result r = IdleConnections.measure("127.0.0.1", port, count, tls, cert);
      System.out.printf(Locale.ROOT, "connections=%d tls=%s heap_before=%d heap_after=%d heap_per_connection=%.0f "
          + "direct_per_connection=%.0f rss_per_connection=%.0f%n", r.connections(), tls, r.heapBefore(), r.heapAfter(),
          r.heapPerConnection(), r.directPerConnection(), r.rssPerConnection());
      System.out.println("what each connection holds (heap histogram after minus before, per connection):");
      System.out.print(r.histogram());
    } finally {
      sink.destroy();
      sink.waitFor();
      Files.deleteIfExists(certFile);
    }
  }

  /** The child: a count-only sink with STARTTLS offered, room for {@code max} connections, no idle limit. */
  private static void runSink(Path certFile, int max) throws Exception {
    SmtpSink sink = SmtpSink.builder().countOnly().tls(TlsMode.STARTTLS).maxConnections(max)
        .idleTimeout(Duration.ofHours(1)).backlog(1024).start();
    Files.writeString(certFile, sink.certificate().certificatePem());
    System.out.println("port=" + sink.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
