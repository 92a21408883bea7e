package dev.sluice.client.probe;

import dev.sluice.codec.EhloCapabilities;
import dev.sluice.codec.SmtpReply;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A second, throwaway connection that looks without judging: it fetches the certificate chain with
 * a handshake that trusts anything (so that a chain the client refused can still be shown), checks
 * whether a silent port speaks TLS, or reads what a port says in cleartext. Nothing it finds ever
 * passes a check; it only explains a failure. It sends no credentials and no mail: EHLO, STARTTLS
 * and QUIT at most.
 *
 * <p>Blocking JDK sockets on the probe's own thread, each read bounded by the step timeout: simpler
 * than a pipeline for three request-reply exchanges, and never on an event loop.
 */
final class UnverifiedPeek {

  /** What an unverified TLS connection saw. */
  record Seen(String protocol, String cipherSuite, List<X509Certificate> chain, EhloCapabilities afterTls) {}

  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_LINES = 128;

  private final InetSocketAddress address;
  private final String host;
  private final String heloName;
  private final int timeoutMillis;

  UnverifiedPeek(InetSocketAddress address, String host, String heloName, Duration timeout) {
    this.address = address;
    this.host = host;
    this.heloName = heloName;
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }

  /**
   * The TLS session and chain, by STARTTLS or implicitly; then the EHLO over TLS, if the server
   * gets that far. Throws when the server does not let it get to TLS.
   */
  Seen tls(boolean implicit) throws IOException {
    try (Socket plain = open()) {
      if (!implicit) {
        expect(plain, null, 220);
        expect(plain, "EHLO " + heloName, 250);
        expect(plain, "STARTTLS", 220);
      }
      try (SSLSocket tls = handshake(plain)) {
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : tls.getSession().getPeerCertificates()) {
          chain.add((X509Certificate) c);
        }
        EhloCapabilities caps = null;
        try {
          if (implicit) {
            expect(tls, null, 220);
          }
          caps = EhloCapabilities.parse(expect(tls, "EHLO " + heloName, 250));
          send(tls, "QUIT");
        } catch (IOException e) {
          // the chain is what we came for; the capabilities are a bonus
        }
        return new Seen(tls.getSession().getProtocol(), tls.getSession().getCipherSuite(), chain, caps);
      }
    }
  }

  /** True when the port completes a TLS handshake from the first byte (implicit TLS). */
  boolean speaksTls() {
    try (Socket plain = open(); SSLSocket tls = handshake(plain)) {
      return tls.getSession().isValid();
    } catch (IOException e) {
      return false;
    }
  }

  /** The reply the port sends in cleartext before the client says anything, or null if none comes. */
  SmtpReply cleartextGreeting() {
    try (Socket plain = open()) {
      SmtpReply greeting = read(plain.getInputStream());
      send(plain, "QUIT");
      return greeting;
    } catch (IOException e) {
      return null;
    }
  }

  private Socket open() throws IOException {
    Socket s = new Socket();
    try {
      s.connect(address, timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private SSLSocket handshake(Socket plain) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
      SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, address.getPort(), true);
      SSLParameters params = tls.getSSLParameters();
      params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      tls.setSSLParameters(params);
      tls.setSoTimeout(timeoutMillis);
      tls.startHandshake();
      return tls;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up an unverified TLS context: " + e.getMessage(), e);
    }
  }

  /** Sends {@code command} (unless null), reads the reply, and insists on {@code code}. */
  private static SmtpReply expect(Socket s, String command, int code) throws IOException {
    if (command != null) {
      send(s, command);
    }
    SmtpReply reply = read(s.getInputStream());
    if (reply == null || reply.code() != code) {
      throw new IOException((command == null ? "greeting" : command) + " answered " + reply);
    }
    return reply;
  }

  private static void send(Socket s, String command) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** One reply, all its lines; null when the connection ends first or what came is not SMTP. */
  static SmtpReply read(InputStream in) throws IOException {
    List<String> texts = new ArrayList<>();
    int code = -1;
    while (texts.size() < MAX_LINES) {
      String line = readLine(in);
      if (line == null || line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
        return null;
      }
      int c = Integer.parseInt(line.substring(0, 3));
      if (code != -1 && c != code) {
        return null;
      }
      code = c;
      texts.add(line.length() > 4 ? line.substring(4) : "");
      if (line.length() == 3 || line.charAt(3) != '-') {
        try {
          return SmtpReply.of(code, texts);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
      }
      if (line.size() >= MAX_LINE) {
        return null;
      }
      line.write(b);
    }
    return null;
  }
}
