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
      while (i + 8 <= end && !Swar.hasLineEnd(Swar.word(b, i))) {
        i += 8;
        atLineStart = false;
      }
      if (i == end) {
        break;
      }
      byte c = b[i];
      if (c == '\r') {
        atLineStart = true;
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
        atLineStart = true;
      } else {
        atLineStart = false;
      }
    }
    if (run < end) {
      next.write(b, run, end - run);
    }
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
