package dev.sluice.dkim;

/**
 * A signature's {@code c=} tag: how headers and body are canonicalised (RFC 6376 §3.4). Relaxed
 * headers survive the re-folding and case changes relays make; relaxed body survives trailing
 * white space changes. {@link #RELAXED_RELAXED} is the default, as almost every signer uses.
 */
public enum Canonicalization {
  RELAXED_RELAXED(true, true),
  RELAXED_SIMPLE(true, false),
  SIMPLE_SIMPLE(false, false),
  SIMPLE_RELAXED(false, true);

  private final boolean relaxedHeader;
  private final boolean relaxedBody;

  Canonicalization(boolean relaxedHeader, boolean relaxedBody) {
    this.relaxedHeader = relaxedHeader;
    this.relaxedBody = relaxedBody;
  }

  public boolean relaxedHeader() {
    return relaxedHeader;
  }

  public boolean relaxedBody() {
    return relaxedBody;
  }

  /** The {@code c=} value, e.g. {@code relaxed/simple}. */
  public String tag() {
    return (relaxedHeader ? "relaxed" : "simple") + "/" + (relaxedBody ? "relaxed" : "simple");
  }

  /** Parses {@code relaxed/relaxed}, {@code relaxed/simple}, … ({@code relaxed} alone means relaxed/simple, §3.5). */
  public static Canonicalization parse(String s) {
    String v = s.strip().toLowerCase(java.util.Locale.ROOT);
    if (!v.contains("/")) {
      v = v + "/simple";
    }
    for (Canonicalization c : values()) {
      if (c.tag().equals(v)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown canonicalization " + s
        + " (relaxed/relaxed, relaxed/simple, simple/simple or simple/relaxed)");
  }
}
