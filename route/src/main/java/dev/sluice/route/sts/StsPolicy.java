package dev.sluice.route.sts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An MTA-STS policy (RFC 8461 §3.2).
 *
 * @param mode enforce, testing or none
 * @param mx the allowed MX host patterns ({@code mail.example.com}, {@code *.example.net})
 * @param maxAgeSeconds how long the policy may be cached (at most a year)
 * @param text the policy as fetched (for TLS reports' {@code policy-string})
 */
public record StsPolicy(Mode mode, List<String> mx, long maxAgeSeconds, String text) {

  /** RFC 8461 §5. */
  public enum Mode { ENFORCE, TESTING, NONE }

  /** RFC 8461 §3.2: max_age is at most 31557600 (a year). */
  public static final long MAX_AGE_LIMIT = 31_557_600L;

  private static final Pattern MX = Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{1,63}");

  public StsPolicy {
    mx = List.copyOf(mx);
  }

  /** The lines of the policy as reported ({@code policy-string}, RFC 8460 §4.4). */
  public List<String> lines() {
    return text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }

  /**
   * Parses a policy body. Strict where the RFC is: {@code version: STSv1}, a known mode, a
   * numeric max_age within limits, and at least one well-formed {@code mx} unless the mode is
   * none; unknown keys are ignored (§3.2: "fields … MUST be ignored" so that later versions can
   * add some). Lines end in LF or CRLF.
   *
   * @throws StsException (kind POLICY_INVALID) naming what was wrong
   */
  public static StsPolicy parse(String body) {
    String version = null;
    String mode = null;
    String maxAge = null;
    List<String> mx = new ArrayList<>();
    for (String raw : body.split("\n", -1)) {
      String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw invalid("a line without 'key: value': '" + abbreviate(line) + "'");
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "version" -> version = version == null ? value : version;
        case "mode" -> mode = mode == null ? value : mode;
        case "max_age" -> maxAge = maxAge == null ? value : maxAge;
        case "mx" -> mx.add(value.toLowerCase(Locale.ROOT));
        default -> { } // an extension field (§3.2)
      }
    }
    if (!"STSv1".equals(version)) {
      throw invalid(version == null ? "no version field" : "version '" + abbreviate(version) + "' is not STSv1");
    }
    Mode m;
    if ("enforce".equals(mode)) {
      m = Mode.ENFORCE;
    } else if ("testing".equals(mode)) {
      m = Mode.TESTING;
    } else if ("none".equals(mode)) {
      m = Mode.NONE;
    } else {
      throw invalid(mode == null ? "no mode field" : "mode '" + abbreviate(mode) + "' is not enforce, testing or none");
    }
    if (maxAge == null || !maxAge.matches("[0-9]{1,10}")) {
      throw invalid(maxAge == null ? "no max_age field" : "max_age '" + abbreviate(maxAge) + "' is not a number");
    }
    long age = Long.parseLong(maxAge);
    if (age > MAX_AGE_LIMIT) {
      throw invalid("max_age " + age + " is more than a year (" + MAX_AGE_LIMIT + ")");
    }
    if (m != Mode.NONE && mx.isEmpty()) {
      throw invalid("no mx field in " + mode + " mode");
    }
    for (String p : mx) {
      if (!MX.matcher(p).matches()) {
        throw invalid("mx '" + abbreviate(p) + "' is not a host name or *.domain pattern");
      }
    }
    return new StsPolicy(m, mx, age, body);
  }

  /**
   * The id of the {@code _mta-sts} TXT records (RFC 8461 §3.1), or null when the domain has no
   * usable record: records not starting with {@code v=STSv1;} are ignored; none, or more than one,
   * or a malformed one means no policy.
   */
  public static String txtId(List<String> records) {
    String found = null;
    int count = 0;
    for (String r : records) {
      if (r.startsWith("v=STSv1;") || r.equals("v=STSv1")) {
        count++;
        found = r;
      }
    }
    if (count != 1) {
      return null;
    }
    String id = null;
    for (String field : found.split(";")) {
      String f = field.trim();
      if (f.startsWith("id=")) {
        id = f.substring(3).trim();
      }
    }
    return id != null && id.matches("[A-Za-z0-9]{1,32}") ? id : null;
  }

  private static StsException invalid(String why) {
    return new StsException(StsException.Kind.POLICY_INVALID, "invalid MTA-STS policy: " + why);
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
