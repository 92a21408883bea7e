package dev.sluice.it.route;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sluice.sink.tls.CertifiedKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The MTA-STS policy hosts of the tests: the JDK's HTTPS server with a certificate from the test
 * CA, answering {@code /.well-known/mta-sts.txt} per Host header with what the test set.
 */
final class PolicyServer implements AutoCloseable {

  /** One host's answer. */
  record Answer(int status, String contentType, String body, String location) {
    static Answer policy(String body) {
      return new Answer(200, "text/plain; charset=utf-8", body, null);
    }
  }

  private final HttpsServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  PolicyServer(String bind, int port, CertifiedKey key) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] pw = "test".toCharArray();
    ks.setKeyEntry("policy", key.privateKey(), pw, key.chain().toArray(new X509Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(bind, port), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx));
    server.createContext("/", exchange -> {
      String host = exchange.getRequestHeaders().getFirst("Host");
      host = host == null ? "" : host.replaceAll(":\\d+$", "");
      hits.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
      Answer a = exchange.getRequestURI().getPath().equals("/.well-known/mta-sts.txt") ? answers.get(host) : null;
      if (a == null) {
        a = new Answer(404, "text/plain", "not found", null);
      }
      byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", a.contentType());
      if (a.location() != null) {
        exchange.getResponseHeaders().set("Location", a.location());
      }
      exchange.sendResponseHeaders(a.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  PolicyServer answer(String host, Answer a) {
    answers.put(host, a);
    return this;
  }

  int hits(String host) {
    AtomicInteger n = hits.get(host);
    return n == null ? 0 : n.get();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() throws IOException {
    server.stop(0);
  }
}
