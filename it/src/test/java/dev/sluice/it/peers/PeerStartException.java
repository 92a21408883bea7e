package dev.sluice.it.peers;

/** A peer did not come up; the message carries the tail of its logs. */
public final class PeerStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PeerStartException(String message) {
    super(message);
  }

  public PeerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
