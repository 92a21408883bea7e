package dev.sluice.route.dns;

import java.util.List;

/**
 * The MX records found for a domain.
 *
 * @param canonicalName the name that owns the records: the domain itself, or the end of its CNAME
 *     chain
 * @param records the records, as the server listed them; empty when the domain has none
 */
public record MxAnswer(String canonicalName, List<MxRecord> records) {

  public MxAnswer {
    records = List.copyOf(records);
  }

  /**
   * RFC 7505 §3: a domain whose only MX is {@code 0 .} accepts no mail. A null MX listed beside
   * real ones is a misconfiguration; the real ones are used (the null one is ignored).
   */
  public boolean isNullMx() {
    return !records.isEmpty() && records.stream().allMatch(MxRecord::isNullMx);
  }
}
