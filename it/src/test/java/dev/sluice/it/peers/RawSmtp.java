package dev.sluice.it.peers;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately dumb, blocking, line-at-a-time SMTP conversation over JDK sockets, for the smoke
 * tests that check what a peer advertises or how it answers a raw command (BDAT, exact DATA bytes).
 * Not a client: no pipelining, no parsing beyond reply codes.
 */
final class RawSmtp implements Closeable {

  /** A reply: its code and its lines without the code and separator. */
  record Reply(int code, List<String> lines) {
    boolean has(String keyword) {
      return lines.stream().anyMatch(l -> l.equalsIgnoreCase(keyword)
          || l.toUpperCase().startsWith(keyword.toUpperCase() + " "));
    }

    @Override
    public String toString() {
      return code + " " + String.join(" / ", lines);
    }
  }

  private final SSLContext tls;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final Reply greeting;

  private RawSmtp(Socket socket, SSLContext tls) throws IOException {
    this.socket = socket;
    this.tls = tls;
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
    greeting = read();
  }

  /** Connects in plaintext and reads the greeting. */
  static RawSmtp plain(int port, Path caFile) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(Peers.HOST, port), 5000);
    return new RawSmtp(s, caFile == null ? null : Readiness.trusting(caFile));
  }

  /** Connects with implicit TLS (verifying the peer against {@code caFile}). */
  static RawSmtp implicitTls(int port, Path caFile) throws IOException {
    SSLContext tls = Readiness.trusting(caFile);
    Socket s = new Socket();
    s.connect(new InetSocketAddress(Peers.HOST, port), 5000);
    return new RawSmtp(wrap(tls, s, port), tls);
  }

  private static SSLSocket wrap(SSLContext tls, Socket s, int port) throws IOException {
    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, Peers.SERVER_NAME, port, true);
    SSLParameters params = ssl.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    ssl.setSSLParameters(params);
    ssl.startHandshake();
    return ssl;
  }

  Reply greeting() {
    return greeting;
  }

  /** Sends one command line (CRLF added) and reads the reply. */
  Reply command(String line) throws IOException {
    write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    return read();
  }

  /** Sends STARTTLS and, on 220, upgrades the connection. */
  Reply starttls() throws IOException {
    Reply reply = command("STARTTLS");
    if (reply.code() == 220) {
      socket = wrap(tls, socket, socket.getPort());
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }
    return reply;
  }

  /** AUTH PLAIN with an initial response. */
  Reply authPlain(String user, String password) throws IOException {
    String token = Base64.getEncoder().encodeToString(
        ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    return command("AUTH PLAIN " + token);
  }

  /** Writes raw bytes (no CRLF added). */
  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads one reply (all its lines). */
  Reply read() throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = readLine();
      if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
        throw new IOException("malformed reply line: " + line);
      }
      lines.add(line.length() > 4 ? line.substring(4) : "");
      if (line.length() < 4 || line.charAt(3) != '-') {
        return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
      }
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    if (b == -1) {
      throw new IOException("connection closed; partial line: " + line);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
