package dev.sluice.sink;

import dev.sluice.sink.tls.CertificateBuilder;
import dev.sluice.sink.tls.CertifiedKey;

/**
 * Run in a JVM of its own by {@link OldTlsProtocolsTest}: starts a sink that accepts only
 * {@code args[0]} and prints what a client offering {@code args[0]}, then one offering
 * {@code args[1]}, negotiated.
 */
public final class OldTlsProbe {

  private OldTlsProbe() {}

  public static void main(String[] args) throws Exception {
    CertifiedKey key = CertificateBuilder.forHosts("localhost", "127.0.0.1").selfSigned();
    try (SmtpSink sink = SmtpSink.builder().tls(TlsMode.STARTTLS).certificate(key).tlsProtocols(args[0]).start()) {
      for (String offered : new String[] {args[0], args[1]}) {
        try (RawClient c = RawClient.connect(sink)) {
          c.hello();
          c.command("STARTTLS");
          c.startTls(key, offered);
          System.out.println(offered + " -> " + c.tlsProtocol() + " " + c.command("EHLO c.test").code());
        } catch (java.io.IOException e) {
          System.out.println(offered + " -> refused");
        }
      }
    }
  }
}
