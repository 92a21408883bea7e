package dev.sluice.sink;

import dev.sluice.sink.tls.CertifiedKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A plain-socket SMTP client for the sink's tests: it writes exactly the bytes a test gives it and
 * reads replies line by line, so tests see the wire, not a client library's idea of it.
 */
final class RawClient implements AutoCloseable {

  /** One reply: its code and its lines (each without the code and separator). */
  record Reply(int code, List<String> lines) {
    String text() {
      return String.join("\n", lines);
    }

    @Override
    public String toString() {
      return code + " " + String.join(" | ", lines);
    }
  }

  private Socket socket;
  private InputStream in;
  private OutputStream out;

  private RawClient(Socket socket) throws IOException {
    use(socket);
  }

  static RawClient connect(SmtpSink sink) throws IOException {
    return connect(sink.address());
  }

  static RawClient connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.connect(address, 5_000);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    return new RawClient(socket);
  }

  /** Connects with TLS from the first byte, trusting {@code trusted}. */
  static RawClient connectTls(SmtpSink sink, CertifiedKey trusted, String... protocols) throws Exception {
    RawClient client = connect(sink);
    client.startTls(trusted, protocols);
    return client;
  }

  private void use(Socket s) throws IOException {
    this.socket = s;
    this.in = s.getInputStream();
    this.out = s.getOutputStream();
  }

  /** Writes the string as UTF-8, exactly as given. */
  RawClient send(String raw) throws IOException {
    return send(raw.getBytes(StandardCharsets.UTF_8));
  }

  RawClient send(byte[] raw) throws IOException {
    out.write(raw);
    out.flush();
    return this;
  }

  /** Writes a command line with CRLF and reads its reply. */
  Reply command(String line) throws IOException {
    send(line + "\r\n");
    return reply();
  }

  /** Reads one (possibly multi-line) reply. */
  Reply reply() throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = readLine();
      if (line == null) {
        throw new IOException("connection closed while waiting for a reply" + (lines.isEmpty() ? "" : " after " + lines));
      }
      if (line.length() < 3) {
        throw new IOException("not a reply line: " + line);
      }
      int code = Integer.parseInt(line.substring(0, 3));
      boolean more = line.length() > 3 && line.charAt(3) == '-';
      lines.add(line.length() > 4 ? line.substring(4) : "");
      if (!more) {
        return new Reply(code, lines);
      }
    }
  }

  /** Reads {@code n} replies. */
  List<Reply> replies(int n) throws IOException {
    List<Reply> replies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      replies.add(reply());
    }
    return replies;
  }

  /** The greeting, then EHLO's reply. */
  Reply hello() throws IOException {
    reply();
    return command("EHLO client.example.test");
  }

  /** Upgrades this connection to TLS (after a 220 to STARTTLS, or at once for implicit TLS). */
  void startTls(CertifiedKey trusted, String... protocols) throws Exception {
    SSLSocket tls = (SSLSocket) trusting(trusted).getSocketFactory()
        .createSocket(socket, "localhost", socket.getPort(), true);
    if (protocols.length > 0) {
      tls.setEnabledProtocols(protocols);
    }
    tls.setUseClientMode(true);
    tls.startHandshake();
    use(tls);
  }

  String tlsProtocol() {
    return ((SSLSocket) socket).getSession().getProtocol();
  }

  /** True when the server closed the connection (reads end of stream within the socket timeout). */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  /** Everything until the server closes the connection. */
  String readToEnd() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      in.transferTo(bytes);
    } catch (IOException reset) {
      // closed
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Bytes received and not read yet (0: no reply has arrived). */
  int available() throws IOException {
    return in.available();
  }

  static SSLContext trusting(CertifiedKey trusted) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("sink", trusted.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
      }
      line.write(b);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
