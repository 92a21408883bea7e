package dev.sluice.route;

import java.util.Locale;

/**
 * A configured next hop that overrides MX: {@code [host]:port} goes straight to the host's
 * addresses (the brackets say "no MX lookup", as in Postfix's transport maps); {@code host:port}
 * goes to the MX hosts of {@code host}.
 *
 * @param host the relay's name or IP address
 * @param port its port, or 0 for the router's SMTP port
 * @param mxLookup whether {@code host} is a domain whose MX records are used
 */
public record StaticRoute(String host, int port, boolean mxLookup) {

  public StaticRoute {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("a static route needs a host");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535: " + port);
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException("a static route's host must not contain spaces or control characters");
      }
    }
  }

  /** Parses {@code [host]:port}, {@code [host]}, {@code host:port} or {@code host}. */
  public static StaticRoute parse(String spec) {
    String s = spec.trim();
    boolean bracketed = s.startsWith("[");
    String host;
    String rest;
    if (bracketed) {
      int end = s.indexOf(']');
      if (end < 0) {
        throw new IllegalArgumentException("route " + spec + ": missing ']' (use [host]:port)");
      }
      host = s.substring(1, end);
      rest = s.substring(end + 1);
    } else {
      int colon = s.lastIndexOf(':');
      host = colon < 0 ? s : s.substring(0, colon);
      rest = colon < 0 ? "" : s.substring(colon);
    }
    int port = 0;
    if (!rest.isEmpty()) {
      if (!rest.startsWith(":")) {
        throw new IllegalArgumentException("route " + spec + ": expected ':port' after the host");
      }
      try {
        port = Integer.parseInt(rest.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("route " + spec + ": the port must be a number");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("route " + spec + ": the port must be 1-65535");
      }
    }
    return new StaticRoute(host.toLowerCase(Locale.ROOT), port, !bracketed);
  }

  @Override
  public String toString() {
    String h = mxLookup ? host : "[" + host + "]";
    return port == 0 ? h : h + ":" + port;
  }
}
