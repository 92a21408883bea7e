package dev.sluice.route.dns;

import java.util.Objects;

/**
 * One MX record.
 *
 * @param preference lower is tried first (RFC 5321 §5.1)
 * @param exchange the mail exchanger's name, lower-case, no trailing dot; {@code ""} for the root
 *     ({@code .}), which is what a null MX points to (RFC 7505)
 */
public record MxRecord(int preference, String exchange) {

  public MxRecord {
    if (preference < 0 || preference > 65535) {
      throw new IllegalArgumentException("MX preference must be 0-65535: " + preference);
    }
    Objects.requireNonNull(exchange, "exchange");
  }

  /** True for the RFC 7505 null MX ({@code 0 .}): the domain accepts no mail. */
  public boolean isNullMx() {
    return exchange.isEmpty();
  }
}
