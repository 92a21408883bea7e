package dev.sluice.sink.handler;

import dev.sluice.sink.Recipient;
import dev.sluice.sink.StoredMessage;

/**
 * Decides what the sink answers; plug one in with {@code SmtpSink.builder().handler(…)}. Both
 * methods are called on the connection's event loop, after the sink's own checks passed (syntax,
 * limits, faults): they must return quickly and never block — to answer late, return a verdict
 * with a delay. A handler that throws is treated as a {@code 451 4.3.0} refusal and logged.
 *
 * <p>Per recipient: an accepted recipient is added to the transaction, a refused one is not.
 * Per message: an accepted message is stored (and counted) as usual, a refused one is not.
 */
public interface MessageHandler {

  /** Accepts everything: the sink's behaviour without a handler. */
  MessageHandler ACCEPT_ALL = new MessageHandler() {};

  /**
   * The verdict on one RCPT TO.
   *
   * @param from the transaction's reverse path ({@code ""} for the null sender)
   * @param recipient the recipient and its parameters
   */
  default Verdict recipient(String from, Recipient recipient) {
    return Verdict.accept();
  }

  /**
   * The verdict on a whole message, once its data has arrived. With {@code countOnly()} storage
   * the message carries no data (the sink does not collect it).
   */
  default Verdict message(StoredMessage message) {
    return Verdict.accept();
  }
}
