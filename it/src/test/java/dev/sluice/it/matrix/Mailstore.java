package dev.sluice.it.matrix;

import java.time.Duration;
import java.util.List;

/** Where a peer keeps what it accepted, read back for comparison. */
interface Mailstore {

  /**
   * Waits until every recipient has a stored copy and the server's records about it are complete;
   * returns them in the order asked. Fails with the server's log tail on timeout.
   */
  List<Stored> await(List<String> recipients, Duration timeout);

  /** Whether anything at all has been stored for this recipient. */
  boolean holdsAnythingFor(String recipient);

  /**
   * Brings a message into the form this store keeps it in, so that what we meant to send and what
   * was stored can be compared byte for byte. Applied to both sides.
   */
  byte[] comparable(byte[] message);
}
