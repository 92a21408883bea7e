package dev.sluice.it.sinkmatrix;

import dev.sluice.it.peers.Peers;
import dev.sluice.sink.tls.CertificateBuilder;
import dev.sluice.sink.tls.CertifiedKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway CA and the sinks' certificate (localhost, 127.0.0.1 and {@value Peers#SERVER_NAME}),
 * as PEM files for the CLI and the external clients and as a socket factory for Angus Mail.
 */
final class TestPki {

  final CertifiedKey ca = CertificateBuilder.authority("Sluice sink-matrix CA").selfSigned();
  final CertifiedKey server = CertificateBuilder.forHosts("localhost", "127.0.0.1", Peers.SERVER_NAME).issuedBy(ca);
  final Path caFile;
  final Path chainFile;
  final Path keyFile;

  TestPki(Path dir) {
    caFile = dir.resolve("ca.pem");
    chainFile = dir.resolve("server-chain.pem");
    keyFile = dir.resolve("server-key.pem");
    try {
      Files.writeString(caFile, ca.certificatePem());
      server.writePem(chainFile, keyFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sockets that trust only {@link #ca}. */
  SSLSocketFactory socketFactory() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
