package dev.sluice.sink.handler;

import java.time.Duration;
import java.util.Objects;

/**
 * A handler's answer for one recipient or one message: accept (with the sink's usual reply) or
 * refuse with {@code code} and {@code text}, in both cases after {@code delay} (zero: at once).
 *
 * @param code 0 to accept, else a 4xx or 5xx reply code
 * @param text the reply text (may begin with an RFC 3463 enhanced code), one line
 * @param delay how long the sink waits before it replies; never negative
 */
public record Verdict(int code, String text, Duration delay) {

  private static final Verdict ACCEPT = new Verdict(0, "", Duration.ZERO);

  public Verdict {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(delay, "delay");
    if (code != 0 && (code < 400 || code > 599)) {
      throw new IllegalArgumentException("a refusal needs a 4xx or 5xx code, not " + code);
    }
    if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("the reply text must be one line without control characters");
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("the delay must not be negative: " + delay);
    }
  }

  /** Accept, with the sink's usual reply. */
  public static Verdict accept() {
    return ACCEPT;
  }

  /** Refuse with this reply, e.g. {@code reject(550, "5.1.1 no such user")}. */
  public static Verdict reject(int code, String text) {
    if (code == 0) {
      throw new IllegalArgumentException("a refusal needs a 4xx or 5xx code");
    }
    return new Verdict(code, text, Duration.ZERO);
  }

  /** This verdict, given after {@code delay}. */
  public Verdict after(Duration delay) {
    return new Verdict(code, text, delay);
  }

  public boolean accepted() {
    return code == 0;
  }
}
