package dev.sluice.it.route;

import dev.sluice.route.tls.DaneVerifier;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.TlsMode;
import dev.sluice.sink.tls.CertificateBuilder;
import dev.sluice.sink.tls.CertifiedKey;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The lab of the authenticated-TLS tests: Knot serving a zone signed with ldns-signzone and an
 * unsigned one, unbound validating in front of it (the signed zone's DS as trust anchor), sinks on
 * 127.0.1.x with a certificate from a test CA (not trusted by the router: DANE needs no CA), a
 * plain sink, and a STARTTLS-stripping proxy in front of the TLS sink. {@code P} is the sinks' port.
 *
 * <pre>
 * sec.test (signed)
 *   ee      MX 10 mx-ee     TLSA 3 1 1 (the sink's key)            → tls sink 127.0.1.2
 *   ta      MX 10 mx-ta     TLSA 2 0 1 (the test CA)               → tls sink
 *   bad     MX 10 mx-bad    TLSA 3 1 1 (another key)               → tls sink
 *           MX 20 mx-plain  no TLSA                                → plain sink 127.0.1.3
 *   bogus   MX 10 mx-bogus  TLSA 3 1 1 (right key, RRSIG broken)   → tls sink
 *   strip   MX 10 mx-strip  TLSA 3 1 1 (the sink's key)            → stripper 127.0.1.4 → tls sink
 * open.test (unsigned)
 *   @       MX 10 mx        TLSA 3 1 1 (another key: ignored)      → tls sink
 *   strip   MX 10 mx-strip                                         → stripper → tls sink
 * </pre>
 */
final class DaneLab implements AutoCloseable {

  final KnotDns knot = new KnotDns();
  final UnboundResolver unbound = new UnboundResolver();
  CertifiedKey ca;
  CertifiedKey leaf;
  SmtpSink tls;
  SmtpSink plain;
  StartTlsStripper stripper;

  DaneLab start(Path dir) throws Exception {
    KnotDns.require();
    UnboundResolver.require();
    ca = CertificateBuilder.authority("Sluice DANE test CA").selfSigned();
    leaf = CertificateBuilder.forHosts("mx-ee.sec.test", "mx-ta.sec.test", "mx-bad.sec.test", "mx-bogus.sec.test",
        "mx-strip.sec.test", "mx.open.test", "mx-strip.open.test").issuedBy(ca);
    tls = SmtpSink.builder().bind("127.0.1.2").port(0).inMemory().hostname("mx-ee.sec.test").tls(TlsMode.STARTTLS)
        .certificate(leaf).start();
    int p = tls.port();
    plain = SmtpSink.builder().bind("127.0.1.3").port(p).inMemory().hostname("mx-plain.sec.test").start();
    stripper = new StartTlsStripper("127.0.1.4", p, new InetSocketAddress("127.0.1.2", p));
    String ee = hex(DaneVerifier.association(leaf.certificate(), 1, 1));
    String taHash = hex(DaneVerifier.association(ca.certificate(), 0, 1));
    String other = "00".repeat(32);
    String t = "._tcp.";
    knot.zone("sec.test",
            "ee MX 10 mx-ee", "mx-ee A 127.0.1.2", "_" + p + t + "mx-ee TLSA 3 1 1 " + ee,
            "ta MX 10 mx-ta", "mx-ta A 127.0.1.2", "_" + p + t + "mx-ta TLSA 2 0 1 " + taHash,
            "bad MX 10 mx-bad", "bad MX 20 mx-plain", "mx-bad A 127.0.1.2", "_" + p + t + "mx-bad TLSA 3 1 1 " + other,
            "mx-plain A 127.0.1.3",
            "bogus MX 10 mx-bogus", "mx-bogus A 127.0.1.2", "_" + p + t + "mx-bogus TLSA 3 1 1 " + ee,
            "strip MX 10 mx-strip", "mx-strip A 127.0.1.4", "_" + p + t + "mx-strip TLSA 3 1 1 " + ee)
        .signed("sec.test")
        .corruptSignature("sec.test", "_" + p + t + "mx-bogus.sec.test.", "TLSA")
        .zone("open.test", "@ MX 10 mx", "mx A 127.0.1.2", "_" + p + t + "mx TLSA 3 1 1 " + other,
            "strip MX 10 mx-strip", "mx-strip A 127.0.1.4");
    knot.start(dir.resolve("knot"));
    unbound.start(knot, dir.resolve("unbound"));
    return this;
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  int smtpPort() {
    return tls.port();
  }

  void clear() {
    tls.clearMessages();
    plain.clearMessages();
  }

  @Override
  public void close() throws Exception {
    unbound.close();
    knot.close();
    if (stripper != null) {
      stripper.close();
    }
    for (SmtpSink s : new SmtpSink[] {tls, plain}) {
      if (s != null) {
        s.close();
      }
    }
  }
}
