package dev.sluice.amqp;

/**
 * No broker of the list accepted a connection at start. The message names the URIs with their
 * passwords redacted and says what to check; the CLI maps it to exit code 3.
 */
public final class BrokerUnreachableException extends Exception {

  public BrokerUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
