package dev.sluice.client;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLS session of a connection.
 *
 * @param protocol e.g. {@code TLSv1.3}
 * @param cipherSuite e.g. {@code TLS_AES_128_GCM_SHA256}
 * @param peerCertificates the server's chain, leaf first
 * @param provider the TLS implementation ("JDK" or "OpenSSL …")
 * @param implicit true for TLS from the first byte (port 465), false for STARTTLS
 */
public record TlsInfo(String protocol, String cipherSuite, List<X509Certificate> peerCertificates, String provider,
    boolean implicit) {

  public TlsInfo {
    peerCertificates = List.copyOf(peerCertificates);
  }
}
