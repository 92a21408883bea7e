package dev.sluice.sink.fault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The {@code --fault} spec language, one fault per spec:
 *
 * <pre>
 * SPEC   = STEP ":" ACTION [ "@" PROBABILITY ]
 * STEP   = connect | ehlo | helo | starttls | auth | mail | rcpt | data | data-end | bdat
 *        | rset | noop | vrfy | quit | any | after=N
 * ACTION = CODE [ " " TEXT ]            refuse with this reply (4xx/5xx; 421 also closes)
 *        | delay=DURATION               hold the reply (and all after it): 200ms, 2s, 1m
 *        | disconnect                   close instead of replying
 *        | disconnect-mid [ "=" BYTES ] data/bdat only: close after BYTES of the message (default 1)
 * PROBABILITY = N% | a fraction in (0, 1]   (default 100%)
 * </pre>
 *
 * <p>{@code after=N} is any command once N commands were received. Examples: {@code rcpt:451 4.3.0
 * try later@5%}, {@code data-end:disconnect@1%}, {@code data:disconnect-mid@1%},
 * {@code mail:delay=200ms}, {@code after=100:421}.
 */
public final class FaultSpec {

  /** The grammar in one line, for error messages and help texts. */
  public static final String SYNTAX = "STEP:ACTION[@PROBABILITY], e.g. rcpt:451 4.3.0 try later@5%";

  private static final String INVALID = "invalid fault spec";

  private FaultSpec() {}

  /**
   * Parses one spec.
   *
   * @throws IllegalArgumentException naming the spec, what is wrong and the expected syntax
   */
  public static Fault parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw invalid(String.valueOf(spec), "it is empty");
    }
    String s = spec.strip();
    int colon = s.indexOf(':');
    if (colon <= 0) {
      throw invalid(spec, "it has no STEP: prefix");
    }
    String stepPart = s.substring(0, colon).strip();
    String rest = s.substring(colon + 1).strip();
    double probability = 1.0;
    int at = rest.lastIndexOf('@');
    if (at >= 0 && looksLikeProbability(rest.substring(at + 1).strip())) {
      probability = parseProbability(spec, rest.substring(at + 1).strip());
      rest = rest.substring(0, at).strip();
    }
    SmtpStep step;
    int after = 0;
    if (stepPart.regionMatches(true, 0, "after=", 0, 6)) {
      step = SmtpStep.ANY;
      after = parseCount(spec, stepPart.substring(6), "after=N needs a number of commands");
    } else {
      step = SmtpStep.fromSpecName(stepPart);
      if (step == null) {
        throw invalid(spec, "unknown step '" + stepPart + "' (known: " + stepNames() + ", after=N)");
      }
    }
    try {
      return new Fault(step, after, parseAction(spec, rest), probability);
    } catch (ArithmeticException e) {
      throw invalid(spec, "a number is too large");
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith(INVALID) ? e : invalid(spec, e.getMessage());
    }
  }

  /** The spec form of a fault; {@link #parse} reads it back. */
  public static String format(Fault fault) {
    String step = fault.step() == SmtpStep.ANY && fault.afterCommands() > 0
        ? "after=" + fault.afterCommands()
        : fault.step().specName();
    String probability = fault.probability() >= 1 ? ""
        : "@" + BigDecimal.valueOf(fault.probability() * 100).stripTrailingZeros().toPlainString() + "%";
    return step + ":" + fault.action() + probability;
  }

  private static FaultAction parseAction(String spec, String action) {
    if (action.isEmpty()) {
      throw invalid(spec, "the ACTION after the step is missing");
    }
    String lower = action.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("disconnect")) {
      return FaultAction.disconnect();
    }
    if (lower.equals("disconnect-mid")) {
      return FaultAction.disconnectMidData(1);
    }
    if (lower.startsWith("disconnect-mid=")) {
      return FaultAction.disconnectMidData(
          parseCount(spec, action.substring(15), "disconnect-mid=BYTES needs a number"));
    }
    if (lower.startsWith("delay=")) {
      return FaultAction.delay(parseDuration(spec, action.substring(6).strip()));
    }
    if (action.length() >= 3 && action.chars().limit(3).allMatch(Character::isDigit)
        && (action.length() == 3 || action.charAt(3) == ' ')) {
      int code = Integer.parseInt(action.substring(0, 3));
      String text = action.length() == 3 ? defaultText(code) : action.substring(4).strip();
      return FaultAction.reply(code, text);
    }
    throw invalid(spec, "unknown action '" + action
        + "' (expected a reply such as '451 4.3.0 text', delay=200ms, disconnect or disconnect-mid[=BYTES])");
  }

  private static String defaultText(int code) {
    return code == 421 ? "4.3.2 Service shutting down (injected fault)" : code / 100 + ".0.0 Injected fault";
  }

  static Duration parseDuration(String spec, String value) {
    String v = value.toLowerCase(java.util.Locale.ROOT);
    long factorNanos;
    String digits;
    if (v.endsWith("ms")) {
      factorNanos = 1_000_000L;
      digits = v.substring(0, v.length() - 2);
    } else if (v.endsWith("s")) {
      factorNanos = 1_000_000_000L;
      digits = v.substring(0, v.length() - 1);
    } else if (v.endsWith("m")) {
      factorNanos = 60_000_000_000L;
      digits = v.substring(0, v.length() - 1);
    } else {
      throw invalid(spec, "delay '" + value + "' needs a unit: ms, s or m (e.g. delay=200ms)");
    }
    long n = parseCount(spec, digits, "delay '" + value + "' is not a whole number with a unit");
    if (n == 0) {
      throw invalid(spec, "a delay must be positive");
    }
    return Duration.ofNanos(Math.multiplyExact(n, factorNanos));
  }

  private static int parseCount(String spec, String value, String problem) {
    String v = value.strip();
    if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(Character::isDigit)) {
      throw invalid(spec, problem + " (got '" + value + "')");
    }
    return Integer.parseInt(v);
  }

  private static boolean looksLikeProbability(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '%');
  }

  private static double parseProbability(String spec, String value) {
    boolean percent = value.endsWith("%");
    String number = percent ? value.substring(0, value.length() - 1) : value;
    double p;
    try {
      p = Double.parseDouble(number) / (percent ? 100 : 1);
    } catch (NumberFormatException e) {
      throw invalid(spec, "probability '" + value + "' is not a number (use 5% or 0.05)");
    }
    if (!(p > 0 && p <= 1)) {
      throw invalid(spec, "probability '" + value + "' must be above 0 and at most 100%");
    }
    return p;
  }

  private static String stepNames() {
    return Arrays.stream(SmtpStep.values()).map(SmtpStep::specName).collect(Collectors.joining(", "));
  }

  private static IllegalArgumentException invalid(String spec, String problem) {
    return new IllegalArgumentException(INVALID + " '" + spec + "': " + problem + "; expected " + SYNTAX);
  }
}
