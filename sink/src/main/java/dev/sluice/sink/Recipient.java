package dev.sluice.sink;

import dev.sluice.codec.DsnNotify;
import dev.sluice.codec.Xtext;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One accepted {@code RCPT TO}.
 *
 * @param address the forward-path without angle brackets
 * @param parameters the ESMTP parameters as received: keys upper-cased, values untouched (empty
 *     for a keyword without a value), in the order sent
 */
public record Recipient(String address, Map<String, String> parameters) {

  public Recipient {
    Objects.requireNonNull(address, "address");
    parameters = Parameters.copyOf(parameters);
  }

  /** NOTIFY= (RFC 3461), empty when absent. */
  public Set<DsnNotify> dsnNotify() {
    String value = parameters.get("NOTIFY");
    if (value == null || value.isEmpty()) {
      return Set.of();
    }
    EnumSet<DsnNotify> set = EnumSet.noneOf(DsnNotify.class);
    for (String v : value.split(",")) {
      set.add(DsnNotify.valueOf(v.trim().toUpperCase(Locale.ROOT)));
    }
    return Set.copyOf(set);
  }

  /**
   * The ORCPT= address (RFC 3461 4.2) with its xtext decoded, e.g. {@code rfc822;a+2Bb@x} gives
   * {@code a+b@x}; null when absent.
   */
  public String originalRecipient() {
    String value = parameters.get("ORCPT");
    if (value == null) {
      return null;
    }
    int semi = value.indexOf(';');
    return Xtext.decode(semi < 0 ? value : value.substring(semi + 1));
  }
}
