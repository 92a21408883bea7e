package dev.sluice.sink;

/**
 * A snapshot of a sink's counters, since it started.
 *
 * @param connections connections accepted (including refused ones)
 * @param activeConnections connections open now
 * @param refusedConnections connections refused with 421 because of the connection limit
 * @param commands command lines received
 * @param messages messages accepted (250 after the data)
 * @param bytes octets of accepted messages (after un-stuffing)
 * @param recipients recipients of accepted messages
 * @param rejects 4xx and 5xx replies sent, injected faults included
 * @param faults injected faults (delays, replies, disconnects)
 * @param tlsHandshakes TLS handshakes completed
 * @param tlsFailures TLS handshakes failed
 * @param authSuccesses successful AUTH exchanges
 * @param authFailures failed AUTH exchanges
 * @param discardedAfterStartTls connections that had pipelined cleartext behind STARTTLS, which
 *     was discarded (CVE-2011-0411 defence)
 */
public record SinkCounters(long connections, long activeConnections, long refusedConnections, long commands,
    long messages, long bytes, long recipients, long rejects, long faults, long tlsHandshakes, long tlsFailures,
    long authSuccesses, long authFailures, long discardedAfterStartTls) {

  /** {@code connections=… messages=… bytes=…}: one line, {@code key=value} pairs. */
  public String toLine() {
    return "connections=" + connections + " active=" + activeConnections + " refused=" + refusedConnections
        + " commands=" + commands + " messages=" + messages + " bytes=" + bytes + " recipients=" + recipients
        + " rejects=" + rejects + " faults=" + faults + " tls_handshakes=" + tlsHandshakes
        + " tls_failures=" + tlsFailures + " auth_ok=" + authSuccesses + " auth_failed=" + authFailures
        + " starttls_discards=" + discardedAfterStartTls;
  }
}
