package dev.sluice.client;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Delegates every check to the JDK's trust manager (chain and host name) and, when it fails, works
 * out which of the usual problems it was, so that the user is told "expired (check your clock)",
 * "untrusted (use --ca-file)" or "wrong host" instead of a PKIX stack trace. The classification is
 * done here, in Java, so it is the same whichever TLS provider (JDK or OpenSSL) runs the handshake.
 */
final class CertificateVerifier extends X509ExtendedTrustManager {

  private final X509ExtendedTrustManager delegate;

  CertificateVerifier(X509ExtendedTrustManager delegate) {
    this.delegate = delegate;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      throw classify(chain, authType, engine == null ? null : engine.getPeerHost(), e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      throw classify(chain, authType, null, e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw classify(chain, authType, null, e);
    }
  }

  private CertificateProblem classify(X509Certificate[] chain, String authType, String host,
      CertificateException cause) {
    Instant now = Instant.now();
    for (X509Certificate cert : chain) {
      Instant from = cert.getNotBefore().toInstant();
      Instant to = cert.getNotAfter().toInstant();
      String who = cert == chain[0] ? "the server's certificate" : "an issuer's certificate (" + subject(cert) + ")";
      if (now.isBefore(from)) {
        return new CertificateProblem(SmtpTlsException.Reason.CERTIFICATE_NOT_YET_VALID,
            who + " is valid from " + from + " but the local clock says " + now, cause);
      }
      if (now.isAfter(to)) {
        return new CertificateProblem(SmtpTlsException.Reason.CERTIFICATE_EXPIRED,
            who + " expired at " + to + " and the local clock says " + now, cause);
      }
    }
    try {
      delegate.checkServerTrusted(chain, authType);
    } catch (CertificateException untrusted) {
      X509Certificate leaf = chain[0];
      boolean selfSigned = leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
      return new CertificateProblem(SmtpTlsException.Reason.CERTIFICATE_UNTRUSTED,
          (selfSigned ? "it is self-signed (" : "its issuer is unknown (") + subject(leaf) + ", issued by "
              + leaf.getIssuerX500Principal().getName() + ")", cause);
    }
    return new CertificateProblem(SmtpTlsException.Reason.HOSTNAME_MISMATCH,
        "connected to " + (host == null ? "this host" : host) + ", the certificate names " + names(chain[0]), cause);
  }

  private static String subject(X509Certificate cert) {
    return cert.getSubjectX500Principal().getName();
  }

  private static String names(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> alt = cert.getSubjectAlternativeNames();
      if (alt != null) {
        for (List<?> n : alt) {
          names.add(String.valueOf(n.get(1)));
        }
      }
    } catch (java.security.cert.CertificateParsingException ignored) {
      // fall back to the subject
    }
    return names.isEmpty() ? subject(cert) : String.join(", ", names);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
