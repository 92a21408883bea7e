package dev.sluice.route.dns;

/**
 * A DNS question got no usable answer. {@link #isPermanent()} tells a sender whether to give up
 * (NXDOMAIN: the name does not exist, RFC 5321 §5.1 "MUST be reported as an error") or to queue and
 * try later (SERVFAIL, REFUSED, timeouts: "the message MUST be queued and retried later").
 */
public final class DnsLookupException extends RuntimeException {

  /** What went wrong. */
  public enum Kind {
    /** The name does not exist. Permanent. */
    NXDOMAIN,
    /** The server failed (SERVFAIL, often a broken DNSSEC chain or an unreachable authority). */
    SERVFAIL,
    /** The server refused to answer (REFUSED, NOTAUTH…): often a resolver that does not recurse for us. */
    REFUSED,
    /** No answer in time from any nameserver, after every attempt. */
    TIMEOUT,
    /** An answer that could not be read (a malformed record, a CNAME loop). */
    MALFORMED
  }

  private final Kind kind;
  private final String name;
  private final String type;

  public DnsLookupException(Kind kind, String name, String type, String detail, Throwable cause) {
    super(type + " lookup of " + name + " failed: " + kind + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"),
        cause);
    this.kind = kind;
    this.name = name;
    this.type = type;
  }

  public Kind kind() {
    return kind;
  }

  /** The name that was asked about. */
  public String name() {
    return name;
  }

  /** The record type asked for ("MX", "A"…). */
  public String type() {
    return type;
  }

  /** True when asking again will not help: the name does not exist. */
  public boolean isPermanent() {
    return kind == Kind.NXDOMAIN;
  }
}
