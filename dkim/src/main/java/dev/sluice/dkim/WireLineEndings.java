package dev.sluice.dkim;

/**
 * The line endings the client puts on the wire (see the codec's {@code MessageDataTransformer}): a
 * bare CR and a bare LF each become CRLF, and a message not ending in CRLF gets one. A signature
 * must cover these bytes, not the ones handed to the client, or a message with bare LFs would fail
 * at every verifier.
 *
 * <p>CRLF inside a chunk — the common case — passes through in the run being copied; only bare
 * line ends split a run. A CR that ends a chunk is decided by the first byte of the next.
 */
final class WireLineEndings implements ByteSink {

  private static final byte[] CRLF = {'\r', '\n'};

  private final ByteSink next;
  /** The last chunk ended with a CR that was passed on. */
  private boolean cr;
  private boolean atLineStart = true;

  WireLineEndings(ByteSink next) {
    this.next = next;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    if (len == 0) {
      return;
    }
    int end = off + len;
    int i = off;
    if (cr) {
      cr = false;
      if (b[off] == '\n') {
        i++;
      } else {
        next.write(CRLF, 1, 1);
      }
    }
    int run = off;
    for (; i < end; i++) {
      if (i + 9 <= end && b[i] != '\n' && Swar.crlfOnly(Swar.word(b, i), Swar.word(b, i + 1))) {
        // Eight bytes with only CRLF pairs (an LF at i + 8 follows the CR at i + 7): skip them all.
        do {
          i += 8;
        } while (i + 9 <= end && Swar.crlfOnly(Swar.word(b, i), Swar.word(b, i + 1)));
        if (b[i] == '\n' && b[i - 1] == '\r') {
          continue; // the LF of a pair whose CR was skipped
        }
      }
      byte c = b[i];
      if (c == '\r') {
        if (i + 1 == end) {
          cr = true;
        } else if (b[i + 1] == '\n') {
          i++;
        } else {
          next.write(b, run, i + 1 - run);
          next.write(CRLF, 1, 1);
          run = i + 1;
        }
      } else if (c == '\n') {
        next.write(b, run, i - run);
        next.write(CRLF, 0, 2);
        run = i + 1;
      }
    }
    if (run < end) {
      next.write(b, run, end - run);
    }
    // A message that does not end with a line end gets CRLF at the end (a CR at the end is cr).
    atLineStart = b[end - 1] == '\n';
  }

  @Override
  public void end() {
    if (cr) {
      next.write(CRLF, 1, 1);
      cr = false;
    } else if (!atLineStart) {
      next.write(CRLF, 0, 2);
    }
    atLineStart = true;
    next.end();
  }
}
