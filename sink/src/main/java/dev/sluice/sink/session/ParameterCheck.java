package dev.sluice.sink.session;

import dev.sluice.codec.Xtext;
import dev.sluice.sink.Extension;
import dev.sluice.sink.SinkConfig;
import java.util.Map;
import java.util.Set;

/**
 * Checks MAIL FROM and RCPT TO parameters against what the sink advertised: a parameter of an
 * extension that is off is {@code 555 5.5.4} (RFC 5321 4.1.1.11), a bad value {@code 501 5.5.4},
 * a declared SIZE over the limit {@code 552 5.3.4} (RFC 1870 6).
 */
final class ParameterCheck {

  private final Set<Extension> extensions;
  private final long maxMessageSize;
  private final Replies replies;

  ParameterCheck(SinkConfig config, Replies replies) {
    this.extensions = config.extensions();
    this.maxMessageSize = config.limits().maxMessageSize();
    this.replies = replies;
  }

  /** Null when MAIL FROM's parameters are acceptable, else the reply refusing them. */
  byte[] mail(Map<String, String> parameters, boolean authOffered) {
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      String key = p.getKey();
      String value = p.getValue();
      byte[] refusal = switch (key) {
        case "SIZE" -> !extensions.contains(Extension.SIZE) ? replies.unsupportedParameter(key)
            : !isNumber(value) ? replies.badParameterValue(key)
            : Long.parseLong(value) > maxMessageSize ? replies.declaredTooBig : null;
        case "BODY" -> body(value);
        case "SMTPUTF8" -> !extensions.contains(Extension.SMTPUTF8) ? replies.unsupportedParameter(key)
            : !value.isEmpty() ? replies.badParameterValue(key) : null;
        case "RET" -> !extensions.contains(Extension.DSN) ? replies.unsupportedParameter(key)
            : !(value.equalsIgnoreCase("FULL") || value.equalsIgnoreCase("HDRS")) ? replies.badParameterValue(key)
            : null;
        case "ENVID" -> !extensions.contains(Extension.DSN) ? replies.unsupportedParameter(key)
            : !isXtext(value, 100) ? replies.badParameterValue(key) : null;
        case "AUTH" -> !authOffered ? replies.unsupportedParameter(key) : null;
        default -> replies.unsupportedParameter(key);
      };
      if (refusal != null) {
        return refusal;
      }
    }
    return null;
  }

  /** Null when RCPT TO's parameters are acceptable, else the reply refusing them. */
  byte[] rcpt(Map<String, String> parameters) {
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      String key = p.getKey();
      String value = p.getValue();
      byte[] refusal = switch (key) {
        case "NOTIFY" -> !extensions.contains(Extension.DSN) ? replies.unsupportedParameter(key)
            : !isNotify(value) ? replies.badParameterValue(key) : null;
        case "ORCPT" -> !extensions.contains(Extension.DSN) ? replies.unsupportedParameter(key)
            : !isOriginalRecipient(value) ? replies.badParameterValue(key) : null;
        default -> replies.unsupportedParameter(key);
      };
      if (refusal != null) {
        return refusal;
      }
    }
    return null;
  }

  private byte[] body(String value) {
    Extension needed = value.equalsIgnoreCase("7BIT") || value.equalsIgnoreCase("8BITMIME")
        ? Extension.EIGHT_BIT_MIME
        : value.equalsIgnoreCase("BINARYMIME") ? Extension.BINARYMIME : null;
    if (needed == null) {
      return replies.badParameterValue("BODY");
    }
    return extensions.contains(needed) ? null : replies.unsupportedParameter("BODY=" + value);
  }

  private static boolean isNumber(String value) {
    return !value.isEmpty() && value.length() <= 18 && value.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** NEVER alone, or a comma list of SUCCESS, FAILURE, DELAY (RFC 3461 4.1). */
  private static boolean isNotify(String value) {
    if (value.equalsIgnoreCase("NEVER")) {
      return true;
    }
    String[] values = value.split(",", -1);
    for (String v : values) {
      if (!(v.equalsIgnoreCase("SUCCESS") || v.equalsIgnoreCase("FAILURE") || v.equalsIgnoreCase("DELAY"))) {
        return false;
      }
    }
    return true;
  }

  /** {@code addr-type ";" xtext} (RFC 3461 4.2). */
  private static boolean isOriginalRecipient(String value) {
    int semi = value.indexOf(';');
    return semi > 0 && isXtext(value.substring(semi + 1), 500);
  }

  private static boolean isXtext(String value, int maxLength) {
    if (value.isEmpty() || value.length() > maxLength) {
      return false;
    }
    try {
      Xtext.decode(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
