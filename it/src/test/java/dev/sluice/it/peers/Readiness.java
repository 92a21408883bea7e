package dev.sluice.it.peers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.function.Supplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Waits for a server to greet with {@code 220} on a port (through TLS for implicit-TLS ports,
 * trusting only the peer's CA and checking the certificate's name), then says QUIT and hangs up.
 */
final class Readiness {

  private Readiness() {}

  /** Why a port is not ready yet, or not going to be. */
  static final class NotReady extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean fatal;

    NotReady(String message, boolean fatal, Throwable cause) {
      super(message, cause);
      this.fatal = fatal;
    }
  }

  /**
   * Polls {@code port} until it answers with a 220 banner. Fails at {@code deadlineNanos}, or at once
   * when {@code deathNotice} reports a dead process (null while all live) or the banner is not 220.
   * Returns the banner line.
   */
  static String awaitBanner(int port, SSLContext tls, long deadlineNanos,
      Supplier<String> deathNotice) throws NotReady {
    NotReady last = null;
    while (true) {
      String dead = deathNotice.get();
      if (dead != null) {
        throw new NotReady(dead, true, last);
      }
      try {
        return probe(port, tls);
      } catch (NotReady e) {
        if (e.fatal) {
          throw e;
        }
        last = e;
      }
      if (System.nanoTime() > deadlineNanos) {
        throw new NotReady("no 220 banner on " + Peers.HOST + ":" + port + " in time"
            + (last == null ? "" : " (last attempt: " + last.getMessage() + ")"), true, last);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NotReady("interrupted", true, e);
      }
    }
  }

  private static String probe(int port, SSLContext tls) throws NotReady {
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(Peers.HOST, port), 1000);
      plain.setSoTimeout(5000);
      Socket socket = plain;
      if (tls != null) {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory()
            .createSocket(plain, Peers.SERVER_NAME, port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // checks DNS:mx.example.test
        params.setServerNames(java.util.List.of(new SNIHostName(Peers.SERVER_NAME)));
        ssl.setSSLParameters(params);
        try {
          ssl.startHandshake();
        } catch (IOException e) {
          throw new NotReady("TLS handshake on port " + port + " failed: " + e, true, e);
        }
        socket = ssl;
      }
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      String banner = readReply(in);
      if (!banner.startsWith("220")) {
        throw new NotReady("port " + port + " greeted with \"" + banner + "\", not 220", true, null);
      }
      // say goodbye but do not wait for 221: exim holds it back 200 ms hoping the client closes first
      out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return banner;
    } catch (ConnectException | SocketTimeoutException e) {
      throw new NotReady(e.toString(), false, e);
    } catch (IOException e) {
      throw new NotReady(e.toString(), false, e);
    }
  }

  /** Reads one (possibly multi-line) reply and returns its last line. */
  private static String readReply(InputStream in) throws IOException {
    while (true) {
      String line = readLine(in);
      if (line.length() < 4 || line.charAt(3) != '-') {
        return line;
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        break;
      }
      if (b != '\r') {
        line.write(b);
      }
      if (line.size() > 4096) {
        throw new IOException("reply line longer than 4096 bytes");
      }
    }
    if (b == -1 && line.size() == 0) {
      throw new IOException("connection closed before a reply");
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /** A TLS context that trusts exactly the certificates in {@code caFile}. */
  static SSLContext trusting(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, cert);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build a TLS context trusting " + caFile, e);
    }
  }
}
