package dev.sluice.sink.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The argument of MAIL FROM / RCPT TO (RFC 5321 4.1.2): {@code FROM:<path> [KEY[=VALUE] …]}.
 *
 * @param address the path without angle brackets and without an RFC 5321 source route; empty for
 *     {@code <>}
 * @param parameters the ESMTP parameters: keys upper-cased, values as sent (empty for a keyword),
 *     in order
 */
record PathArgument(String address, Map<String, String> parameters) {

  /**
   * Parses {@code line} from {@code offset}, which must start with {@code keyword} ({@code FROM:}
   * or {@code TO:}, case-insensitive). One space after the colon is tolerated, as most servers do.
   *
   * @return null when the argument is malformed (no brackets, junk after the path, a bad or
   *     repeated parameter)
   */
  static PathArgument parse(String line, int offset, String keyword) {
    if (!line.regionMatches(true, offset, keyword, 0, keyword.length())) {
      return null;
    }
    int i = offset + keyword.length();
    if (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    if (i >= line.length() || line.charAt(i) != '<') {
      return null;
    }
    int close = closingBracket(line, i + 1);
    if (close < 0) {
      return null;
    }
    String path = withoutSourceRoute(line.substring(i + 1, close));
    if (path == null) {
      return null;
    }
    if (close + 1 == line.length()) {
      return new PathArgument(path, Map.of());
    }
    if (line.charAt(close + 1) != ' ') {
      return null;
    }
    Map<String, String> parameters = parameters(line, close + 2);
    return parameters == null ? null : new PathArgument(path, parameters);
  }

  /** The index of the {@code >} ending the path, skipping a quoted local part; -1 if none. */
  private static int closingBracket(String line, int from) {
    boolean quoted = false;
    for (int i = from; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '>' && !quoted) {
        return i;
      } else if (c == '<' && !quoted) {
        return -1;
      }
    }
    return -1;
  }

  /** RFC 5321 4.1.2: {@code <@a,@b:user@c>} means {@code user@c}; servers must accept and ignore the route. */
  private static String withoutSourceRoute(String path) {
    if (!path.startsWith("@")) {
      return path;
    }
    int colon = path.indexOf(':');
    return colon < 0 ? null : path.substring(colon + 1);
  }

  private static Map<String, String> parameters(String line, int from) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = from;
    while (i < line.length()) {
      if (line.charAt(i) == ' ') {
        i++;
        continue;
      }
      int end = line.indexOf(' ', i);
      if (end < 0) {
        end = line.length();
      }
      int eq = line.indexOf('=', i);
      int keyEnd = eq >= 0 && eq < end ? eq : end;
      String key = line.substring(i, keyEnd);
      String value = keyEnd == end ? "" : line.substring(keyEnd + 1, end);
      if (!isKeyword(key) || (keyEnd < end && value.isEmpty())
          || out.put(key.toUpperCase(Locale.ROOT), value) != null) {
        return null;
      }
      i = end;
    }
    return Collections.unmodifiableMap(out);
  }

  /** esmtp-keyword: {@code (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")}. */
  private static boolean isKeyword(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
