package dev.sluice.it.route;

import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.TlsMode;
import java.nio.file.Path;

/**
 * The lab the routing tests deliver into: Knot serving a dozen mail domains, and sinks on distinct
 * loopback addresses, all on one SMTP port (as MX hosts all listen on 25).
 *
 * <pre>
 * alpha.test     MX 10 mx1.alpha.test (127.0.0.2, A)   MX 20 mx2.alpha.test (127.0.0.3, B)
 * beta.test      MX 10 mx.beta.test (127.0.0.3, B: STARTTLS, a certificate for mx.beta.test)
 * shared1.test   MX 10 mx.infra.test (127.0.0.2)       shared2.test: the same MX set
 * plain.test     no MX, A 127.0.0.4 (C)                 nullmx.test: MX 0 .
 * mail.alias.test CNAME beta.test                       cname-mx.test: MX 10 → a CNAME of mx.beta.test
 * firstdown.test MX 10 127.0.0.5 (nothing listens)     MX 20 mx.infra.test
 * busy.test      MX 10 127.0.0.6 (greets 421)          MX 20 mx.infra.test
 * slow.test      MX 10 127.0.0.7 (never greets)        MX 20 mx.infra.test
 * literal.test   MX 10 192.0.2.1. (an IP as a name)     MX 20 mx.beta.test
 * xn--bcher-kva.test (bücher.test) MX 10 mx.infra.test
 * </pre>
 */
final class RoutingLab implements AutoCloseable {

  final KnotDns dns = new KnotDns();
  SmtpSink a;
  SmtpSink b;
  SmtpSink c;
  SmtpSink busy;
  SmtpSink slow;

  RoutingLab start(Path dir) throws Exception {
    KnotDns.require();
    a = SmtpSink.builder().bind("127.0.0.2").port(0).inMemory().hostname("mx1.alpha.test").start();
    int port = a.port();
    b = SmtpSink.builder().bind("127.0.0.3").port(port).inMemory().hostname("mx.beta.test").tls(TlsMode.STARTTLS)
        .start();
    c = SmtpSink.builder().bind("127.0.0.4").port(port).inMemory().hostname("plain.test").start();
    busy = SmtpSink.builder().bind("127.0.0.6").port(port).inMemory().fault("connect:421 4.3.2 too busy").start();
    slow = SmtpSink.builder().bind("127.0.0.7").port(port).inMemory().fault("connect:delay=30s").start();
    dns.zone("alpha.test", "@ MX 10 mx1", "@ MX 20 mx2", "mx1 A 127.0.0.2", "mx2 A 127.0.0.3")
        .zone("beta.test", "@ MX 10 mx", "mx A 127.0.0.3")
        .zone("infra.test", "mx A 127.0.0.2", "dead A 127.0.0.5", "busy A 127.0.0.6", "slow A 127.0.0.7",
            "mxalias CNAME mx.beta.test.")
        .zone("shared1.test", "@ MX 10 mx.infra.test.")
        .zone("shared2.test", "@ MX 10 mx.infra.test.")
        .zone("plain.test", "@ A 127.0.0.4")
        .zone("nullmx.test", "@ MX 0 .")
        .zone("alias.test", "mail CNAME beta.test.")
        .zone("cname-mx.test", "@ MX 10 mxalias.infra.test.")
        .zone("firstdown.test", "@ MX 10 dead.infra.test.", "@ MX 20 mx.infra.test.")
        .zone("busy.test", "@ MX 10 busy.infra.test.", "@ MX 20 mx.infra.test.")
        .zone("slow.test", "@ MX 10 slow.infra.test.", "@ MX 20 mx.infra.test.")
        .zone("literal.test", "@ MX 10 192.0.2.1.", "@ MX 20 mx.beta.test.")
        .zone("xn--bcher-kva.test", "@ MX 10 mx.infra.test.")
        .zone("blast.test", "d0 MX 10 mx.infra.test.", "d1 MX 10 mx.infra.test.", "d2 MX 10 mx.beta.test.")
        .zone("records.test", "@ TXT \"v=STSv1; id=\" \"20261203\"", "@ AAAA 2001:db8::25",
            "_25._tcp.mx TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "mx A 127.0.0.2",
            "big TXT " + bigTxt());
    dns.start(dir);
    return this;
  }

  /** Five strings of 240 characters: 1,200 bytes, more than a 512-byte UDP answer can hold. */
  static String bigTxt() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      sb.append('"').append(String.valueOf((char) ('a' + i)).repeat(240)).append("\" ");
    }
    return sb.toString().trim();
  }

  int smtpPort() {
    return a.port();
  }

  void clear() {
    for (SmtpSink s : new SmtpSink[] {a, b, c, busy, slow}) {
      if (s != null) {
        s.clearMessages();
      }
    }
  }

  @Override
  public void close() throws Exception {
    dns.close();
    for (SmtpSink s : new SmtpSink[] {a, b, c, busy, slow}) {
      if (s != null) {
        s.close();
      }
    }
  }
}
