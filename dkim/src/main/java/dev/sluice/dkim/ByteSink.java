package dev.sluice.dkim;

/**
 * One stage of the stream a message goes through while it is signed: each stage changes the bytes
 * as one rule says (wire line endings, a canonicalisation) and writes them to the next, keeping the
 * state that matters across chunk boundaries. Not thread-safe; one per message.
 */
interface ByteSink {

  /** Takes {@code len} bytes of {@code b} from {@code off}; they are not kept after the call. */
  void write(byte[] b, int off, int len);

  /** The end of the stream: flush what was held back. */
  void end();
}
