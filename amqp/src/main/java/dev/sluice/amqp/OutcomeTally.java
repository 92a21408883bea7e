package dev.sluice.amqp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts outcome records once per request id. A second record for an id (a mail redelivered after
 * its outcome was published, then sent again) is a duplicate: counted and listed, not counted
 * again. If any record of an id says DELIVERED the request counts as delivered — the message did
 * reach the server.
 */
public final class OutcomeTally {

  private final Map<String, OutcomeRecord> byId = new HashMap<>();
  private final Map<String, Integer> duplicates = new HashMap<>();
  private final int[] byStatus = new int[OutcomeRecord.Status.values().length];
  private long redelivered;
  private long records;

  /** Adds one record; returns true when it was the first for its request id. */
  public boolean add(OutcomeRecord r) {
    records++;
    if (r.redelivered()) {
      redelivered++;
    }
    OutcomeRecord before = byId.get(r.requestId());
    if (before == null) {
      byId.put(r.requestId(), r);
      byStatus[r.status().ordinal()]++;
      return true;
    }
    duplicates.merge(r.requestId(), 1, Integer::sum);
    if (r.status() == OutcomeRecord.Status.DELIVERED && before.status() != OutcomeRecord.Status.DELIVERED) {
      byStatus[before.status().ordinal()]--;
      byStatus[r.status().ordinal()]++;
      byId.put(r.requestId(), r);
    }
    return false;
  }

  /** Distinct request ids with a final outcome. */
  public int outcomes() {
    return byId.size();
  }

  public int count(OutcomeRecord.Status status) {
    return byStatus[status.ordinal()];
  }

  /** Records beyond the first for their request id. */
  public int duplicates() {
    return duplicates.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Request ids that had more than one record. */
  public List<String> duplicateIds() {
    List<String> ids = new ArrayList<>(duplicates.keySet());
    ids.sort(null);
    return ids;
  }

  /** Records flagged redelivered (duplicates included). */
  public long redelivered() {
    return redelivered;
  }

  public long records() {
    return records;
  }

  /** The counted record of each request id. */
  public Map<String, OutcomeRecord> byId() {
    return Map.copyOf(byId);
  }

  /** {@code outcomes=N delivered=D rejected=R failed=F unknown=U duplicates=K redelivered=X}. */
  public String line() {
    return "outcomes=" + outcomes() + " delivered=" + count(OutcomeRecord.Status.DELIVERED)
        + " rejected=" + count(OutcomeRecord.Status.REJECTED) + " failed=" + count(OutcomeRecord.Status.FAILED)
        + " unknown=" + count(OutcomeRecord.Status.UNKNOWN) + " duplicates=" + duplicates()
        + " redelivered=" + redelivered();
  }
}
