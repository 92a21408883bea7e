package dev.sluice.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A minimal line-by-line SMTP client over a plain socket, for driving the sink command in tests. */
final class SmtpDialogue implements AutoCloseable {

  private Socket socket;
  private BufferedReader in;
  private OutputStream out;

  SmtpDialogue(String host, int port) throws IOException {
    use(new Socket(host, port));
  }

  private void use(Socket s) throws IOException {
    s.setSoTimeout(10_000);
    socket = s;
    in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    out = s.getOutputStream();
  }

  /** Reads a reply (all its lines) and returns its last line. */
  String reply() throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("connection closed");
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    return line;
  }

  String command(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return reply();
  }

  /** TLS without checking the certificate: the sink's is self-signed, generated for this run. */
  void startTls() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
    tls.startHandshake();
    use(tls);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
