package dev.sluice.client;

import java.time.Duration;
import java.util.Objects;

/**
 * What a 4xx/5xx reply means for whoever would try again: the hint shown to the user and the
 * retry decision of the bulk sender come from this one record (made by {@link ReplyHints}), so
 * they can never disagree.
 *
 * @param retry whether trying again can help, and how
 * @param retryAfter the shortest wait before trying again that makes sense ({@link Duration#ZERO}:
 *     the sender's usual backoff)
 * @param hint one sentence for the user; never null
 */
public record ReplyAdvice(Retry retry, Duration retryAfter, String hint) {

  /** Whether and how to try again. */
  public enum Retry {
    /** A temporary failure: the same message can be tried again after the usual backoff. */
    LATER,
    /**
     * A limit of the server was hit (connections, messages per minute): try again, but not before
     * {@link ReplyAdvice#retryAfter()}, and send slower.
     */
    SLOWER,
    /** Trying again cannot help until someone changes something (credentials, rights, settings). */
    NEVER
  }

  public ReplyAdvice {
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(hint, "hint");
  }

  static ReplyAdvice later(String hint) {
    return new ReplyAdvice(Retry.LATER, Duration.ZERO, hint);
  }

  static ReplyAdvice slower(Duration after, String hint) {
    return new ReplyAdvice(Retry.SLOWER, after, hint);
  }

  static ReplyAdvice never(String hint) {
    return new ReplyAdvice(Retry.NEVER, Duration.ZERO, hint);
  }
}
