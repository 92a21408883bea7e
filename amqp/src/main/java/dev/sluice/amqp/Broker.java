package dev.sluice.amqp;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Where the broker is: one or more {@code amqp://} / {@code amqps://} URIs (the nodes of one
 * cluster; the first gives the user, vhost and TLS), and the password, which may come from
 * elsewhere than the URI (an environment variable) so that it stays out of argv.
 *
 * <p>Connections recover on their own (the client's automatic recovery, topology and consumers
 * included) and try the nodes in turn. {@code amqps} verifies the broker's certificate and host
 * name with the JVM's trust store: the Java client's own {@code setUri("amqps://…")} trusts every
 * certificate, which we never want.
 *
 * @param uris the URIs, at least one
 * @param password the password to use instead of the URI's, or null
 */
public record Broker(List<URI> uris, String password) {

  public Broker {
    uris = List.copyOf(uris);
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("at least one amqp:// URI is needed");
    }
    for (URI u : uris) {
      String scheme = u.getScheme();
      if (!"amqp".equalsIgnoreCase(scheme) && !"amqps".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException("not an amqp:// or amqps:// URI: " + redact(u));
      }
      if (u.getHost() == null) {
        throw new IllegalArgumentException("the URI names no host: " + redact(u));
      }
    }
  }

  /** Parses a comma-separated list of URIs. */
  public static Broker parse(String uriList, String password) {
    List<URI> list = new ArrayList<>();
    for (String s : uriList.split(",")) {
      if (s.isBlank()) {
        continue;
      }
      try {
        list.add(new URI(s.trim()));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("invalid AMQP URI (" + e.getReason() + "): " + redact(s.trim()));
      }
    }
    return new Broker(list, password);
  }

  /** The URIs as they may be printed: every password replaced by {@code ***}. */
  public String redacted() {
    return String.join(",", uris.stream().map(Broker::redact).toList());
  }

  static String redact(URI u) {
    return redact(u.toString());
  }

  /** {@code scheme://user:***@host…}: whatever follows the first ':' of the user info is hidden. */
  static String redact(String uri) {
    int scheme = uri.indexOf("://");
    int at = uri.indexOf('@', Math.max(scheme, 0));
    if (scheme < 0 || at < 0) {
      return uri;
    }
    String userInfo = uri.substring(scheme + 3, at);
    int colon = userInfo.indexOf(':');
    if (colon < 0) {
      return uri;
    }
    return uri.substring(0, scheme + 3) + userInfo.substring(0, colon) + ":***" + uri.substring(at);
  }

  /** A factory for the first URI, with recovery on and the password applied. */
  ConnectionFactory factory() throws BrokerUnreachableException {
    ConnectionFactory f = new ConnectionFactory();
    URI first = uris.get(0);
    try {
      // setUri would switch on a trust-everything TLS context for amqps: take only what it parses
      f.setUri(new URI("amqp" + first.toString().substring(first.getScheme().length())));
      if ("amqps".equalsIgnoreCase(first.getScheme())) {
        f.setPort(first.getPort() > 0 ? first.getPort() : ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT);
        f.useSslProtocol(SSLContext.getDefault());
        f.enableHostnameVerification();
      }
    } catch (URISyntaxException | GeneralSecurityException e) {
      throw new BrokerUnreachableException("cannot use " + redacted() + ": " + e.getMessage(), e);
    }
    if (first.getRawPath() == null || first.getRawPath().isEmpty() || first.getRawPath().equals("/")) {
      // "amqp://host/" means the default vhost to people (and to pika, Bunny…); to the Java client it
      // would be the vhost named "", which does not exist
      f.setVirtualHost("/");
    }
    if (first.getRawUserInfo() != null && password == null && !first.getRawUserInfo().contains(":")) {
      f.setPassword("");
    }
    if (password != null) {
      f.setPassword(password);
    }
    f.setAutomaticRecoveryEnabled(true);
    f.setTopologyRecoveryEnabled(true);
    f.setNetworkRecoveryInterval(1000);
    f.setRequestedHeartbeat(10);
    f.setConnectionTimeout(10_000);
    return f;
  }

  List<Address> addresses(ConnectionFactory f) {
    List<Address> list = new ArrayList<>();
    for (URI u : uris) {
      int port = u.getPort() > 0 ? u.getPort() : f.getPort();
      list.add(new Address(u.getHost(), port));
    }
    return list;
  }

  /**
   * Opens a recovering connection to the first node that answers.
   *
   * @throws BrokerUnreachableException when none does, naming the URIs (passwords redacted)
   */
  public Connection connect(String connectionName) throws BrokerUnreachableException {
    ConnectionFactory f = factory();
    try {
      return f.newConnection(addresses(f), connectionName);
    } catch (IOException | TimeoutException e) {
      String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      if (e.getCause() != null && e.getCause().getMessage() != null) {
        why = why + " (" + e.getCause().getMessage() + ")";
      }
      throw new BrokerUnreachableException("cannot connect to the AMQP broker at " + redacted() + ": "
          + why.replace(password == null ? "\u0000" : password, "***")
          + "; check that RabbitMQ runs there and that the user, password and vhost are right", e);
    }
  }
}
