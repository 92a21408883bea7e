package dev.sluice.client.bulk;

/**
 * A snapshot of a pool.
 *
 * @param open connections ready or busy
 * @param connecting connections being set up
 * @param inFlight messages on connections now
 * @param waiting messages waiting for a connection
 * @param opened connections opened since the pool started
 * @param failedConnects connection attempts that failed
 * @param retired connections closed on purpose (age, message count, idleness)
 * @param busy open connections with at least one message on them ({@code open - busy} are idle)
 */
public record PoolStats(int open, int connecting, int inFlight, int waiting, long opened, long failedConnects,
    long retired, int busy) {

  /** A snapshot without the busy count (taken as {@code open} when any message is in flight). */
  public PoolStats(int open, int connecting, int inFlight, int waiting, long opened, long failedConnects, long retired) {
    this(open, connecting, inFlight, waiting, opened, failedConnects, retired, inFlight > 0 ? Math.min(open, inFlight) : 0);
  }

  /** Open connections with no message on them. */
  public int idle() {
    return open - busy;
  }
}
