package dev.sluice.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a server said it supports in its EHLO reply (RFC 5321 4.1.1.1): the greeting domain, then
 * one extension keyword per line with its parameters. Keywords are case-insensitive (kept upper
 * case); {@code AUTH=PLAIN LOGIN}, the pre-standard form some servers still send, counts as AUTH.
 * Immutable.
 */
public final class EhloCapabilities {

  /** No extensions: what a HELO-only server supports. */
  public static final EhloCapabilities NONE = new EhloCapabilities("", Map.of());

  private final String domain;
  private final Map<String, List<String>> extensions;
  // Asked for every message a client sends: worked out once.
  private final boolean pipelining;
  private final boolean chunking;
  private final boolean eightBitMime;
  private final boolean smtpUtf8;
  private final boolean dsn;
  private final OptionalLong sizeLimit;
  private final boolean sizeOffered;

  private EhloCapabilities(String domain, Map<String, List<String>> extensions) {
    this.domain = domain;
    this.extensions = extensions;
    this.pipelining = extensions.containsKey("PIPELINING");
    this.chunking = extensions.containsKey("CHUNKING");
    this.eightBitMime = extensions.containsKey("8BITMIME");
    this.smtpUtf8 = extensions.containsKey("SMTPUTF8");
    this.dsn = extensions.containsKey("DSN");
    this.sizeLimit = parseSizeLimit(extensions.getOrDefault("SIZE", List.of()));
    this.sizeOffered = extensions.containsKey("SIZE");
  }

  /** Parses a 250 EHLO reply; lines that are not keyword syntax are ignored. */
  public static EhloCapabilities parse(SmtpReply reply) {
    List<String> lines = reply.lines();
    String first = lines.get(0);
    int sp = first.indexOf(' ');
    String domain = sp < 0 ? first : first.substring(0, sp);
    Map<String, List<String>> ext = new LinkedHashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      addLine(ext, lines.get(i));
    }
    return new EhloCapabilities(domain, Collections.unmodifiableMap(ext));
  }

  /** Builds capabilities from extension lines, e.g. {@code of("PIPELINING", "SIZE 1000")}. */
  public static EhloCapabilities of(String domain, String... extensionLines) {
    Map<String, List<String>> ext = new LinkedHashMap<>();
    for (String line : extensionLines) {
      addLine(ext, line);
    }
    return new EhloCapabilities(domain, Collections.unmodifiableMap(ext));
  }

  private static void addLine(Map<String, List<String>> ext, String line) {
    String[] words = line.trim().split("[ =]+");
    if (words.length == 0 || !isKeyword(words[0])) {
      return;
    }
    String keyword = words[0].toUpperCase(Locale.ROOT);
    List<String> params = new ArrayList<>(ext.getOrDefault(keyword, List.of()));
    for (int i = 1; i < words.length; i++) {
      if (!words[i].isEmpty() && !params.contains(words[i])) {
        params.add(words[i]);
      }
    }
    ext.put(keyword, List.copyOf(params));
  }

  private static boolean isKeyword(String word) {
    if (word.isEmpty()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || (i > 0 && c == '-');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The domain the server named on the first line. */
  public String domain() {
    return domain;
  }

  public boolean has(String keyword) {
    return extensions.containsKey(keyword.toUpperCase(Locale.ROOT));
  }

  /** The parameters of an extension, empty if it has none or is not offered. */
  public List<String> parameters(String keyword) {
    return extensions.getOrDefault(keyword.toUpperCase(Locale.ROOT), List.of());
  }

  /** Every offered keyword, upper case, in the server's order. */
  public Set<String> keywords() {
    return extensions.keySet();
  }

  /**
   * The SIZE limit (RFC 1870) in octets; empty when SIZE is not offered, has no number, or is 0
   * (which means "no fixed limit").
   */
  public OptionalLong sizeLimit() {
    return sizeLimit;
  }

  private static OptionalLong parseSizeLimit(List<String> p) {
    if (p.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      long size = Long.parseLong(p.get(0));
      return size > 0 ? OptionalLong.of(size) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Whether SIZE (RFC 1870) is offered, with or without a limit: the SIZE= parameter may be sent. */
  public boolean sizeOffered() {
    return sizeOffered;
  }

  /** SASL mechanisms offered by AUTH, upper case. */
  public Set<String> authMechanisms() {
    Set<String> out = new LinkedHashSet<>();
    for (String m : parameters("AUTH")) {
      out.add(m.toUpperCase(Locale.ROOT));
    }
    return Collections.unmodifiableSet(out);
  }

  public boolean pipelining() {
    return pipelining;
  }

  public boolean startTls() {
    return has("STARTTLS");
  }

  public boolean chunking() {
    return chunking;
  }

  public boolean binaryMime() {
    return has("BINARYMIME");
  }

  public boolean eightBitMime() {
    return eightBitMime;
  }

  public boolean smtpUtf8() {
    return smtpUtf8;
  }

  public boolean dsn() {
    return dsn;
  }

  public boolean enhancedStatusCodes() {
    return has("ENHANCEDSTATUSCODES");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EhloCapabilities c && c.domain.equals(domain) && c.extensions.equals(extensions);
  }

  @Override
  public int hashCode() {
    return domain.hashCode() * 31 + extensions.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(SmtpText.escape(domain));
    extensions.forEach((k, v) -> b.append(' ').append(k).append(v.isEmpty() ? "" : "=" + String.join(",", v)));
    return b.toString();
  }
}
