package dev.sluice.client.bulk;

import dev.sluice.client.SmtpSession;

/** One connection of a pool and what the pool knows of it. Guarded by the pool's lock. */
final class PooledConnection {

  enum State {
    /** Being set up. */
    CONNECTING,
    /** Takes messages. */
    READY,
    /** Being checked with NOOP after a long idle time. */
    CHECKING,
    /** Takes no new message; QUIT once its messages are done. */
    RETIRING,
    /** Gone. */
    CLOSED
  }

  final long created;
  State state = State.CONNECTING;
  SmtpSession session;
  int inFlight;
  int sent;
  long lastUsed;

  PooledConnection(long now) {
    this.created = now;
    this.lastUsed = now;
  }
}
