package dev.sluice.client;

/**
 * How many BDAT transactions may be unanswered on one connection. Starts at the configured size;
 * the first refusal (any 4xx/5xx to MAIL, RCPT or BDAT) drops it to 1, because a server that refuses
 * may be one that is overloaded or limiting us, and a refused transaction costs the ones written
 * behind it an RSET; after {@link #REGROW_AFTER} clean transactions in a row it doubles again, up to
 * the configured size. Event loop only.
 */
final class TransactionWindow {

  /** Clean transactions in a row before the window doubles again. */
  static final int REGROW_AFTER = 32;

  private final int max;
  private int size;
  private int clean;

  TransactionWindow(int max) {
    this.max = max;
    this.size = max;
  }

  int size() {
    return size;
  }

  void troubled() {
    size = 1;
    clean = 0;
  }

  void clean() {
    if (size < max && ++clean >= REGROW_AFTER) {
      size = Math.min(max, size * 2);
      clean = 0;
    }
  }
}
