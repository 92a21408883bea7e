package dev.sluice.amqp;

/**
 * An AMQP message on the send queue that is not a mail this worker can send: headers missing, an
 * unknown wire-format version, an invalid address, a body over the size limit. The worker moves it
 * to the dead-letter queue with {@link #getMessage()} as the reason; it never retries it.
 */
public final class MalformedMailException extends Exception {

  public MalformedMailException(String reason) {
    super(reason);
  }

  public MalformedMailException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
