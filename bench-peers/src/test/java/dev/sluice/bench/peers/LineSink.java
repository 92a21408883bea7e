package dev.sluice.bench.peers;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deliberately small blocking SMTP sink for the smoke test only (this module cannot start Sluice's
 * sink): a thread per connection, EHLO with PIPELINING and 8BITMIME, every MAIL, RCPT, RSET and
 * NOOP accepted, DATA read to the final dot and counted. No TLS. Replies are flushed when the
 * client has nothing more buffered, so pipelined commands get their replies together.
 */
final class LineSink implements AutoCloseable {

  private final ServerSocket server;
  private final AtomicLong messages = new AtomicLong();

  LineSink() throws IOException {
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "line-sink");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  long messages() {
    return messages.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "line-sink-session");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket; InputStream in = socket.getInputStream();
        OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
      reply(out, "220 line-sink ESMTP", in);
      String line;
      while ((line = readLine(in)) != null) {
        String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
        switch (verb) {
          case "EHLO" -> reply(out, "250-line-sink\r\n250-PIPELINING\r\n250 8BITMIME", in);
          case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 2.0.0 OK", in);
          case "DATA" -> {
            reply(out, "354 go ahead", in);
            String data;
            while ((data = readLine(in)) != null && !data.equals(".")) {
              // discarded
            }
            messages.incrementAndGet();
            reply(out, "250 2.0.0 queued", in);
          }
          case "QUIT" -> {
            reply(out, "221 2.0.0 bye", in);
            return;
          }
          default -> reply(out, "502 5.5.1 not implemented", in);
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void reply(OutputStream out, String text, InputStream in) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    if (in.available() == 0) {
      out.flush();
    }
  }

  /** One line without its CRLF, or null at the end of the stream. */
  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = line.length();
        return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
