package dev.sluice.dkim;

/**
 * The "relaxed" body canonicalisation (RFC 6376 §3.4.4) over a CRLF-normalised stream: white space
 * at the end of a line is dropped, every other run of SP/HTAB becomes one SP, and empty lines at
 * the end of the body are dropped (an empty body stays empty).
 *
 * <p>Speed: ordinary text needs no change (one SP between words, no trailing space), so bytes are
 * passed on in runs as long as possible; a run is cut only where the output differs from the input
 * — a tab, two spaces, trailing space, an empty line. A single SP stays inside the run; the
 * decision about a white-space run is made when the byte after it is seen (content: keep one SP;
 * CR: drop it). State that spans chunks: a pending white-space run, a CR at a chunk end, and the
 * number of empty lines held back.
 */
final class RelaxedBody implements ByteSink {

  private static final byte[] CRLF_SP = {'\r', '\n', ' '};
  /** No white space run open. */
  private static final int NONE = -2;
  /** A white-space run that began in an earlier chunk (none of it passed on yet). */
  private static final int EARLIER = -1;

  private final ByteSink next;
  private long heldEmptyLines;
  private boolean lineHasContent;
  private boolean pendingSpace;
  /** The previous chunk ended with the CR of an empty line. */
  private boolean heldCr;
  /** The previous chunk ended with the CR of a line with content (already passed on). */
  private boolean passedCr;

  RelaxedBody(ByteSink next) {
    this.next = next;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    if (len > 0 && (heldCr || passedCr)) {
      if (b[off] == '\n') {
        if (heldCr) {
          heldEmptyLines++;
          off++;
        }
        i++;
      }
      heldCr = false;
      passedCr = false;
    }
    int run = off;
    int wsp = pendingSpace ? EARLIER : NONE;
    boolean wspClean = false;
    for (; i < end; i++) {
      if (wsp == NONE && lineHasContent && i + 9 <= end && b[i] != '\n'
          && Swar.relaxedCleanAcrossLines(Swar.word(b, i), Swar.word(b, i + 1))) {
        // After content: whole words that stay as they are, across line ends, in the run.
        do {
          i += 8;
        } while (i + 9 <= end && Swar.relaxedCleanAcrossLines(Swar.word(b, i), Swar.word(b, i + 1)));
        // b[i - 1] may end a line; if it is a CR, b[i] is its LF (the last word ruled out anything else).
        byte last = b[i - 1];
        if (last == '\r') {
          lineHasContent = false; // b[i] is its LF
          continue;
        }
        lineHasContent = last != '\n';
      }
      byte c = b[i];
      if (c == ' ' || c == '\t') {
        if (wsp == NONE) {
          wsp = i;
          wspClean = c == ' ';
        } else {
          wspClean = false;
        }
        continue;
      }
      if (c == '\r') {
        if (lineHasContent) {
          // The line ends: its CRLF passes on in the run, which goes on across the line end
          // unless trailing white space has to be cut out (one digest update per chunk, not per
          // line: an update of ~78 bytes costs SHA-256 a partial-block copy and a call each).
          if (wsp != NONE) {
            emit(b, run, contentEnd(wsp, run, i) - run);
            run = i;
            wsp = NONE;
          }
          lineHasContent = false;
          if (i + 1 == end) {
            passedCr = true;
          } else if (b[i + 1] == '\n') {
            i++;
          }
          continue;
        }
        emit(b, run, contentEnd(wsp, run, i) - run);
        wsp = NONE;
        if (i + 1 == end) {
          heldCr = true;
          run = end;
        } else if (b[i + 1] == '\n') {
          heldEmptyLines++;
          i++;
          run = i + 1;
        } else {
          run = i + 1;
        }
        continue;
      }
      // Content: what was held back before it goes first.
      if (heldEmptyLines > 0) {
        releaseEmptyLines();
      }
      if (wsp != NONE) {
        if (wsp == EARLIER) {
          next.write(CRLF_SP, 2, 1);
          run = i;
        } else if (!wspClean) {
          emit(b, run, wsp - run);
          next.write(CRLF_SP, 2, 1);
          run = i;
        }
        wsp = NONE;
      }
      lineHasContent = true;
    }
    emit(b, run, contentEnd(wsp, run, end) - run);
    pendingSpace = wsp != NONE;
  }

  /** Where the bytes to pass on end: before an open white-space run (decided later), else at {@code i}. */
  private static int contentEnd(int wsp, int run, int i) {
    if (wsp == NONE) {
      return i;
    }
    return wsp == EARLIER ? run : wsp;
  }

  private void emit(byte[] b, int off, int len) {
    if (len > 0) {
      next.write(b, off, len);
    }
  }

  private void releaseEmptyLines() {
    for (; heldEmptyLines > 0; heldEmptyLines--) {
      next.write(CRLF_SP, 0, 2);
    }
  }

  @Override
  public void end() {
    if (lineHasContent) {
      // Only binary content can end without CRLF; RFC 6376 §3.4.4 adds one.
      next.write(CRLF_SP, 0, 2);
    }
    heldEmptyLines = 0;
    pendingSpace = false;
    heldCr = false;
    passedCr = false;
    lineHasContent = false;
    next.end();
  }
}
