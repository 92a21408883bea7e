package dev.sluice.route;

/**
 * Counts of a router. For messages, {@code submitted == delivered + partial + rejected + failed +
 * unknown + pending}, always; likewise every recipient of a finished message is counted once in
 * the recipient counts.
 *
 * @param submitted messages submitted
 * @param delivered messages delivered to every recipient
 * @param partial messages delivered to some recipients only
 * @param rejected messages refused for good for every recipient
 * @param failed messages that failed (none delivered, some failed after retries)
 * @param unknown messages whose fate is unknown for some recipient (none delivered)
 * @param pending messages without an outcome yet
 * @param recipientsDelivered recipients delivered
 * @param recipientsRejected recipients refused for good
 * @param recipientsFailed recipients that failed after retries
 * @param recipientsUnknown recipients whose fate is unknown
 * @param retries recipient retries scheduled
 * @param destinations destinations (pools) alive now
 * @param connections connections open or opening now, over all destinations
 * @param connectionsWaiting connection attempts waiting for the global cap
 * @param dnsQueries DNS queries sent
 * @param dnsCacheHits DNS questions answered from the cache
 */
public record RouterStats(long submitted, long delivered, long partial, long rejected, long failed, long unknown,
    long pending, long recipientsDelivered, long recipientsRejected, long recipientsFailed, long recipientsUnknown,
    long retries, int destinations, int connections, int connectionsWaiting, long dnsQueries, long dnsCacheHits) {

  public long finished() {
    return delivered + partial + rejected + failed + unknown;
  }
}
