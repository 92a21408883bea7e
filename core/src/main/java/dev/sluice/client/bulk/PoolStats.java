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
 */
public record PoolStats(int open, int connecting, int inFlight, int waiting, long opened, long failedConnects,
    long retired) {}
