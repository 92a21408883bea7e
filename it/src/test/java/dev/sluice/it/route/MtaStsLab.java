package dev.sluice.it.route;

import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.TlsMode;
import dev.sluice.sink.tls.CertificateBuilder;
import dev.sluice.sink.tls.CertifiedKey;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab of the MTA-STS tests: Knot serving {@code sts.test}, policy servers (127.0.0.1 and, for
 * the restart case, 127.0.2.9, which the test stops) with a certificate from a test CA the router
 * trusts, and sinks on 127.0.2.x. Every mail domain D has {@code _mta-sts.D TXT "v=STSv1; id=…"}
 * and {@code mta-sts.D A 127.0.0.1} unless said otherwise.
 *
 * <pre>
 * mx1.sts.test, mxs.sts.test → good: STARTTLS, certificate from the test CA (127.0.2.2)
 * rogue.sts.test             → rogue: no TLS (127.0.2.3)
 * self.sts.test              → self: STARTTLS, self-signed (127.0.2.4)
 * mxs.sts.test               → 127.0.2.5: a STARTTLS-stripping proxy in front of good
 * enf     MX 10 mx1                      enforce mx: mx1.sts.test
 * two     MX 10 rogue, MX 20 mx1         enforce mx: mx1.sts.test
 * nomatch MX 10 rogue                    enforce mx: mx1.sts.test
 * testing MX 10 self                     testing mx: self.sts.test
 * fail    MX 10 mx1                      404          redirect MX 10 mx1   301
 * idchg   MX 10 rogue, MX 20 mx1         id=2: enforce mx: mx1.sts.test (a cache says id=1: mx: rogue)
 * keep    MX 10 rogue, MX 20 mx1         enforce mx: mx1.sts.test, from 127.0.2.9
 * strip   MX 10 mxs                      enforce mx: mxs.sts.test
 * </pre>
 */
final class MtaStsLab implements AutoCloseable {

  final KnotDns knot = new KnotDns();
  CertifiedKey ca;
  SmtpSink good;
  SmtpSink rogue;
  SmtpSink self;
  StartTlsStripper stripper;
  PolicyServer policies;
  PolicyServer keepServer;

  static String enforce(String... mx) {
    return policy("enforce", mx);
  }

  static String policy(String mode, String... mx) {
    StringBuilder sb = new StringBuilder("version: STSv1\r\nmode: " + mode + "\r\n");
    for (String m : mx) {
      sb.append("mx: ").append(m).append("\r\n");
    }
    return sb.append("max_age: 86400\r\n").toString();
  }

  MtaStsLab start(Path dir) throws Exception {
    KnotDns.require();
    ca = CertificateBuilder.authority("Sluice MTA-STS test CA").selfSigned();
    CertifiedKey mx = CertificateBuilder.forHosts("mx1.sts.test", "mxs.sts.test").issuedBy(ca);
    good = SmtpSink.builder().bind("127.0.2.2").port(0).inMemory().hostname("mx1.sts.test").tls(TlsMode.STARTTLS)
        .certificate(mx).start();
    int p = good.port();
    rogue = SmtpSink.builder().bind("127.0.2.3").port(p).inMemory().hostname("rogue.sts.test").start();
    self = SmtpSink.builder().bind("127.0.2.4").port(p).inMemory().hostname("self.sts.test").tls(TlsMode.STARTTLS)
        .start();
    stripper = new StartTlsStripper("127.0.2.5", p, new InetSocketAddress("127.0.2.2", p));
    String[] domains = {"enf", "two", "nomatch", "testing", "fail", "redirect", "idchg", "keep", "strip"};
    List<String> names = new ArrayList<>();
    for (String d : domains) {
      names.add("mta-sts." + d + ".sts.test");
    }
    CertifiedKey web = CertificateBuilder.forHosts(names.toArray(new String[0])).issuedBy(ca);
    policies = new PolicyServer("127.0.0.1", 0, web);
    keepServer = new PolicyServer("127.0.2.9", policies.port(), web);
    policies.answer("mta-sts.enf.sts.test", PolicyServer.Answer.policy(enforce("mx1.sts.test")))
        .answer("mta-sts.two.sts.test", PolicyServer.Answer.policy(enforce("mx1.sts.test")))
        .answer("mta-sts.nomatch.sts.test", PolicyServer.Answer.policy(enforce("mx1.sts.test")))
        .answer("mta-sts.testing.sts.test", PolicyServer.Answer.policy(policy("testing", "self.sts.test")))
        .answer("mta-sts.redirect.sts.test", new PolicyServer.Answer(301, "text/plain", "moved",
            "https://mta-sts.enf.sts.test/.well-known/mta-sts.txt"))
        .answer("mta-sts.idchg.sts.test", PolicyServer.Answer.policy(enforce("mx1.sts.test")))
        .answer("mta-sts.strip.sts.test", PolicyServer.Answer.policy(enforce("mxs.sts.test")));
    keepServer.answer("mta-sts.keep.sts.test", PolicyServer.Answer.policy(enforce("mx1.sts.test")));
    List<String> records = new ArrayList<>(List.of("mx1 A 127.0.2.2", "rogue A 127.0.2.3", "self A 127.0.2.4",
        "mxs A 127.0.2.5",
        "enf MX 10 mx1", "two MX 10 rogue", "two MX 20 mx1", "nomatch MX 10 rogue", "testing MX 10 self",
        "fail MX 10 mx1", "redirect MX 10 mx1", "idchg MX 10 rogue", "idchg MX 20 mx1", "keep MX 10 rogue",
        "keep MX 20 mx1", "strip MX 10 mxs"));
    for (String d : domains) {
      records.add("_mta-sts." + d + " TXT \"v=STSv1; id=" + (d.equals("idchg") ? "2" : "1") + "\"");
      records.add("mta-sts." + d + " A " + (d.equals("keep") ? "127.0.2.9" : "127.0.0.1"));
    }
    knot.zone("sts.test", records.toArray(new String[0]));
    knot.start(dir.resolve("knot"));
    return this;
  }

  void clear() {
    good.clearMessages();
    rogue.clearMessages();
    self.clearMessages();
  }

  @Override
  public void close() throws Exception {
    knot.close();
    for (AutoCloseable c : new AutoCloseable[] {policies, keepServer, stripper, good, rogue, self}) {
      if (c != null) {
        c.close();
      }
    }
  }
}
