package dev.sluice.dkim;

/**
 * The "simple" body canonicalisation (RFC 6376 §3.4.3) over a CRLF-normalised stream: empty lines
 * at the end of the body are dropped, and an empty body becomes one CRLF. Empty lines are held back
 * (only counted) until a line with content shows they were not at the end.
 */
final class SimpleBody implements ByteSink {

  private static final byte[] CRLF = {'\r', '\n'};

  private final ByteSink next;
  private long heldEmptyLines;
  private boolean atLineStart = true;
  /** A CR at the start of a line, in an earlier chunk: an empty line if an LF follows. */
  private boolean heldCr;
  private boolean wroteAny;

  SimpleBody(ByteSink next) {
    this.next = next;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    int end = off + len;
    int run = off;
    for (int i = off; i < end; i++) {
      if (!atLineStart && !heldCr && i + 9 <= end && !Swar.emptyLineStarts(Swar.word(b, i), Swar.word(b, i + 1))) {
        // Lines with content, across their line ends: only an empty line (LF then CR) is held back.
        do {
          i += 8;
        } while (i + 9 <= end && !Swar.emptyLineStarts(Swar.word(b, i), Swar.word(b, i + 1)));
        atLineStart = b[i - 1] == '\n';
      }
      byte c = b[i];
      if (heldCr) {
        heldCr = false;
        if (c == '\n') {
          heldEmptyLines++;
          run = i + 1;
          continue;
        }
        // Not an empty line after all (only in binary content, which is not normalised).
        release();
        emit(CRLF, 0, 1);
        run = i;
        atLineStart = false;
      }
      if (atLineStart && c == '\r') {
        emit(b, run, i - run);
        if (i + 1 < end && b[i + 1] == '\n') {
          heldEmptyLines++;
          i++;
          run = i + 1;
        } else if (i + 1 == end) {
          heldCr = true;
          run = end;
        } else {
          release();
          run = i;
          atLineStart = false;
        }
        continue;
      }
      if (atLineStart && heldEmptyLines > 0) {
        emit(b, run, i - run);
        release();
        run = i;
      }
      atLineStart = c == '\n';
    }
    emit(b, run, end - run);
  }

  private void emit(byte[] b, int off, int len) {
    if (len > 0) {
      next.write(b, off, len);
      wroteAny = true;
    }
  }

  private void release() {
    for (; heldEmptyLines > 0; heldEmptyLines--) {
      emit(CRLF, 0, 2);
    }
  }

  @Override
  public void end() {
    if (!wroteAny) {
      next.write(CRLF, 0, 2);
    }
    heldEmptyLines = 0;
    next.end();
  }
}
