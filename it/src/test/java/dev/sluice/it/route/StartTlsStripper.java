package dev.sluice.it.route;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The attacker of RFC 7672 §1.3 / RFC 8461 §1: a TCP proxy between client and server that removes
 * STARTTLS from the server's EHLO reply, so that a client that merely prefers TLS carries on in
 * cleartext. Blocking threads, one pair per connection (a test tool, not a server).
 */
final class StartTlsStripper implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Socket> open = new ArrayList<>();

  StartTlsStripper(String bindAddress, int port, InetSocketAddress upstream) throws IOException {
    this.upstream = upstream;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(bindAddress, port));
    Thread t = new Thread(this::accept, "starttls-stripper");
    t.setDaemon(true);
    t.start();
  }

  int connections() {
    return connections.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket up = new Socket(upstream.getAddress(), upstream.getPort());
        synchronized (open) {
          open.add(client);
          open.add(up);
        }
        connections.incrementAndGet();
        start(() -> copy(client, up));
        start(() -> strip(up, client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void start(Runnable r) {
    Thread t = new Thread(r, "starttls-stripper-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void copy(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException ignored) {
      // one side closed
    }
  }

  /** Server → client, a reply at a time: STARTTLS lines removed, the continuation dashes repaired. */
  private static void strip(Socket from, Socket to) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(from.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = to.getOutputStream()) {
      List<String> reply = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        reply.add(line);
        if (line.length() > 3 && line.charAt(3) == '-') {
          continue;
        }
        List<String> kept = new ArrayList<>();
        for (String l : reply) {
          if (!(l.length() > 4 && l.substring(4).trim().equalsIgnoreCase("STARTTLS"))) {
            kept.add(l);
          }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kept.size(); i++) {
          String l = kept.get(i);
          String text = l.length() > 4 ? l.substring(4) : "";
          sb.append(l, 0, 3).append(i == kept.size() - 1 ? ' ' : '-').append(text).append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        reply.clear();
      }
    } catch (IOException ignored) {
      // one side closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (open) {
      for (Socket s : open) {
        s.close();
      }
    }
  }
}
