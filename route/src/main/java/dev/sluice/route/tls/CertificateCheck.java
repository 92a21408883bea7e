package dev.sluice.route.tls;

import dev.sluice.client.TlsInfo;
import dev.sluice.client.TrustConfig;
import java.net.IDN;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.X509TrustManager;

/**
 * Judges, after an opportunistic handshake that accepted any certificate, whether it would have
 * passed a verified one: the chain against the trust store (PKIX, with validity dates), and the MX
 * host name against the leaf's DNS subjectAltNames (RFC 6125 as HTTPS does it: one leftmost
 * wildcard label; the CN only when there is no DNS name at all). One handshake per connection
 * either way, and the verdict is recorded instead of stopping delivery (RFC 7435).
 */
public final class CertificateCheck {

  /** A verdict and, when not verified, why. */
  public record Result(TlsVerdict verdict, String reason) {}

  private final X509TrustManager trust;

  public CertificateCheck(TrustConfig trust) {
    this.trust = TrustConfig.trustManager(trust);
  }

  public Result check(TlsInfo tls, String host) {
    if (tls == null) {
      return new Result(TlsVerdict.NONE, "no TLS");
    }
    List<X509Certificate> chain = tls.peerCertificates();
    if (chain.isEmpty()) {
      return new Result(TlsVerdict.UNVERIFIED, "no certificate");
    }
    try {
      trust.checkServerTrusted(chain.toArray(new X509Certificate[0]), "UNKNOWN");
    } catch (CertificateException e) {
      return new Result(TlsVerdict.UNVERIFIED, "untrusted certificate: " + e.getMessage());
    }
    if (!namesHost(chain.get(0), host)) {
      return new Result(TlsVerdict.UNVERIFIED, "the certificate does not name " + host);
    }
    return new Result(TlsVerdict.VERIFIED, null);
  }

  public static boolean namesHost(X509Certificate cert, String host) {
    String target = IDN.toASCII(host.endsWith(".") ? host.substring(0, host.length() - 1) : host)
        .toLowerCase(Locale.ROOT);
    List<String> dns = new ArrayList<>();
    try {
      Collection<List<?>> alt = cert.getSubjectAlternativeNames();
      if (alt != null) {
        for (List<?> n : alt) {
          if ((Integer) n.get(0) == 2) {
            dns.add(String.valueOf(n.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return false;
    }
    if (dns.isEmpty()) {
      String subject = cert.getSubjectX500Principal().getName();
      for (String part : subject.split(",")) {
        if (part.startsWith("CN=")) {
          dns.add(part.substring(3));
        }
      }
    }
    for (String name : dns) {
      if (matches(target, name.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String host, String pattern) {
    if (!pattern.startsWith("*.")) {
      return host.equals(pattern);
    }
    int dot = host.indexOf('.');
    return dot > 0 && host.substring(dot).equals(pattern.substring(1)) && pattern.indexOf('.', 2) > 0;
  }
}
