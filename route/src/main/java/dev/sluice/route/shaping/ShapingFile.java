package dev.sluice.route.shaping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.sluice.route.DomainNames;
import dev.sluice.route.StaticRoute;
import dev.sluice.route.tls.TlsPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a shaping file (TOML, parsed by Jackson's TOML module):
 *
 * <pre>
 * [defaults]                      # every destination
 * max-connections = 4
 * max-messages-per-connection = 100
 * messages-per-second = 0         # 0: no limit
 * connections-per-second = 0
 * idle-timeout = "5s"
 * tls = "opportunistic"           # or "require-verified", "none"
 *
 * [global]
 * max-connections = 1000          # over all destinations
 * suspension = "30s"              # a destination refusing every connection rests this long (doubling)
 * max-suspension = "10m"
 * allow-private-mx = false
 *
 * [domains."example.com"]         # its own destination, with these overrides
 * max-connections = 2
 * tls = "require-verified"
 * route = "[relay.example.net]:2525"
 *
 * [mx-suffixes."google.com"]      # destinations whose MX hosts all end in .google.com
 * max-connections = 10            # per destination
 * shared-connections = 40         # over all of them together
 * </pre>
 *
 * Durations are {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}. An unknown table or key is an
 * error naming it: a typo must not silently leave a limit at its default.
 */
public final class ShapingFile {

  private static final Set<String> LIMIT_KEYS = Set.of("max-connections", "max-messages-per-connection",
      "messages-per-second", "connections-per-second", "idle-timeout");

  private ShapingFile() {}

  public static Shaping load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the shaping file " + file + ": " + e.getMessage(), e);
    }
  }

  public static Shaping parse(String toml, String where) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(toml);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + ": not valid TOML: " + e.getMessage(), e);
    }
    known(root, Set.of("defaults", "global", "domains", "mx-suffixes"), where);
    Shaping s = Shaping.DEFAULT;
    Limits defaults = Limits.DEFAULTS;
    TlsPolicy tls = TlsPolicy.OPPORTUNISTIC;
    JsonNode d = root.path("defaults");
    if (!d.isMissingNode()) {
      known(d, union(LIMIT_KEYS, Set.of("tls")), where + " [defaults]");
      defaults = defaults.overriddenBy(limits(d, where + " [defaults]"));
      if (d.has("tls")) {
        tls = TlsPolicy.parse(text(d, "tls", where + " [defaults]"), "default");
      }
    }
    int maxConnections = s.maxConnections();
    Duration suspension = s.suspension();
    Duration maxSuspension = s.maxSuspension();
    boolean allowPrivate = false;
    JsonNode g = root.path("global");
    if (!g.isMissingNode()) {
      String at = where + " [global]";
      known(g, Set.of("max-connections", "suspension", "max-suspension", "allow-private-mx"), at);
      if (g.has("max-connections")) {
        maxConnections = integer(g, "max-connections", at);
      }
      if (g.has("suspension")) {
        suspension = duration(g, "suspension", at);
      }
      if (g.has("max-suspension")) {
        maxSuspension = duration(g, "max-suspension", at);
      }
      if (g.has("allow-private-mx")) {
        if (!g.get("allow-private-mx").isBoolean()) {
          throw new IllegalArgumentException(at + ": allow-private-mx must be true or false");
        }
        allowPrivate = g.get("allow-private-mx").asBoolean();
      }
    }
    Map<String, Shaping.DomainRule> domains = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("domains").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = where + " [domains.\"" + e.getKey() + "\"]";
      known(e.getValue(), union(LIMIT_KEYS, Set.of("tls", "route")), at);
      String domain = DomainNames.toAscii(e.getKey());
      TlsPolicy policy = e.getValue().has("tls") ? TlsPolicy.parse(text(e.getValue(), "tls", at), "domain " + domain)
          : null;
      StaticRoute route = e.getValue().has("route") ? StaticRoute.parse(text(e.getValue(), "route", at)) : null;
      domains.put(domain, new Shaping.DomainRule(limits(e.getValue(), at), policy, route));
    }
    List<Shaping.SuffixRule> suffixes = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("mx-suffixes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = where + " [mx-suffixes.\"" + e.getKey() + "\"]";
      known(e.getValue(), union(LIMIT_KEYS, Set.of("shared-connections")), at);
      String suffix = DomainNames.toAscii(e.getKey().startsWith(".") ? e.getKey().substring(1) : e.getKey());
      int shared = e.getValue().has("shared-connections") ? integer(e.getValue(), "shared-connections", at) : 0;
      suffixes.add(new Shaping.SuffixRule(suffix, limits(e.getValue(), at), shared));
    }
    return new Shaping(defaults, tls, domains, suffixes, maxConnections, suspension, maxSuspension, allowPrivate);
  }

  private static Limits limits(JsonNode n, String at) {
    return new Limits(n.has("max-connections") ? integer(n, "max-connections", at) : null,
        n.has("max-messages-per-connection") ? integer(n, "max-messages-per-connection", at) : null,
        n.has("messages-per-second") ? number(n, "messages-per-second", at) : null,
        n.has("connections-per-second") ? number(n, "connections-per-second", at) : null,
        n.has("idle-timeout") ? duration(n, "idle-timeout", at) : null);
  }

  private static void known(JsonNode n, Set<String> keys, String at) {
    if (!n.isObject()) {
      throw new IllegalArgumentException(at + ": expected a table");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!keys.contains(k)) {
        throw new IllegalArgumentException(at + ": unknown key '" + k + "' (known: " + String.join(", ",
            keys.stream().sorted().toList()) + ")");
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new java.util.HashSet<>(a);
    u.addAll(b);
    return u;
  }

  private static int integer(JsonNode n, String key, String at) {
    JsonNode v = n.get(key);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new IllegalArgumentException(at + ": " + key + " must be a whole number, not " + v);
    }
    return v.asInt();
  }

  private static double number(JsonNode n, String key, String at) {
    JsonNode v = n.get(key);
    if (!v.isNumber()) {
      throw new IllegalArgumentException(at + ": " + key + " must be a number, not " + v);
    }
    return v.asDouble();
  }

  private static String text(JsonNode n, String key, String at) {
    JsonNode v = n.get(key);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(at + ": " + key + " must be a string, not " + v);
    }
    return v.asText();
  }

  /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}. */
  static Duration duration(JsonNode n, String key, String at) {
    String s = text(n, key, at).trim().toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      long v = Long.parseLong(s.substring(0, s.length() - 1));
      return switch (s.charAt(s.length() - 1)) {
        case 's' -> Duration.ofSeconds(v);
        case 'm' -> Duration.ofMinutes(v);
        case 'h' -> Duration.ofHours(v);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(at + ": " + key + " must be a duration like 500ms, 30s, 10m or 1h, not '"
          + s + "'");
    }
  }
}
