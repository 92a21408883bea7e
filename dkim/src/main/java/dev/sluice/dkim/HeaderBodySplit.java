package dev.sluice.dkim;

import java.util.Arrays;

/**
 * Splits a CRLF-normalised message at its first empty line: the header block is kept (it is parsed
 * once, at the end), the body streams on to the body canonicalisation. The empty line belongs to
 * neither (RFC 6376 §3.4: the body starts after it). A message with no empty line is all header and
 * has an empty body.
 */
final class HeaderBodySplit implements ByteSink {

  private final ByteSink body;
  private final int maxHeader;
  private byte[] head;
  private int headLength;
  private boolean inBody;
  private boolean atLineStart = true;
  private boolean crAtLineStart;

  /**
   * @param scratch a buffer to start the header block in (grown if needed; one per thread keeps a
   *     small message from allocating for its header)
   */
  HeaderBodySplit(ByteSink body, byte[] scratch, int maxHeader) {
    this.body = body;
    this.head = scratch;
    this.maxHeader = maxHeader;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    if (inBody) {
      body.write(b, off, len);
      return;
    }
    int end = off + len;
    for (int i = off; i < end; i++) {
      byte c = b[i];
      if (crAtLineStart && c == '\n') {
        append(b, off, i - off + 1);
        headLength -= 2;
        inBody = true;
        if (i + 1 < end) {
          body.write(b, i + 1, end - i - 1);
        }
        return;
      }
      crAtLineStart = atLineStart && c == '\r';
      atLineStart = c == '\n';
    }
    append(b, off, len);
  }

  private void append(byte[] b, int off, int len) {
    int need = headLength + len;
    if (need > maxHeader) {
      throw new DkimException(DkimException.Problem.HEADER_TOO_LARGE, "the header block is over " + maxHeader
          + " bytes (no empty line ends it?); a message starts with its headers and an empty line before the body");
    }
    if (need > head.length) {
      head = Arrays.copyOf(head, Math.min(maxHeader, Math.max(need, head.length * 2)));
    }
    System.arraycopy(b, off, head, headLength, len);
    headLength = need;
  }

  @Override
  public void end() {
    body.end();
  }

  /** The header block, each field with its CRLF (valid until the next use of the scratch buffer). */
  byte[] header() {
    return head;
  }

  int headerLength() {
    return headLength;
  }
}
