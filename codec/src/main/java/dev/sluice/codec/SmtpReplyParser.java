package dev.sluice.codec;

import io.netty.buffer.ByteBuf;

/**
 * Incremental, bounded reply parser (RFC 5321 4.2). Feed it the bytes received so far; it returns a
 * reply once the last line of one is complete, or null to wait for more. It remembers how far it
 * has validated, so a reply that trickles in a byte at a time is scanned once, not once per byte.
 *
 * <p>Rules: a line is a three-digit code (first digit 2–5, second 0–5) followed by end of line,
 * {@code ' '} (last line) or {@code '-'} (more lines follow); every line of a reply carries the same
 * code; lines end in CRLF or, tolerated, a bare LF. Lines longer than {@code maxLineLength} and
 * replies of more than {@code maxLines} lines are protocol errors, so a hostile server cannot make
 * us buffer without bound.
 */
public final class SmtpReplyParser {

  private static final int SHOWN_BYTES = 80;

  private final int maxLineLength;
  private final int maxLines;

  /** Bytes (from the reader index) of the current reply's complete lines already validated. */
  private int scanned;
  private int lines;
  private int code;
  private int textLength;

  public SmtpReplyParser(int maxLineLength, int maxLines) {
    if (maxLineLength < 4 || maxLines < 1) {
      throw new IllegalArgumentException("maxLineLength must be >= 4 and maxLines >= 1");
    }
    this.maxLineLength = maxLineLength;
    this.maxLines = maxLines;
  }

  /**
   * Parses the next reply from {@code in}, consuming its bytes; returns null (consuming nothing)
   * when the reply is not complete yet.
   *
   * @throws SmtpProtocolException when the bytes break the reply syntax or a limit
   */
  public SmtpReply parse(ByteBuf in) {
    int base = in.readerIndex();
    int limit = in.writerIndex();
    while (true) {
      int lineStart = base + scanned;
      int searchEnd = Math.min(limit, lineStart + maxLineLength + 2);
      int lf = searchEnd <= lineStart ? -1 : in.indexOf(lineStart, searchEnd, (byte) '\n');
      if (lf < 0) {
        if (searchEnd - lineStart >= maxLineLength + 2) {
          throw fail(in, lineStart, searchEnd - lineStart,
              "reply line longer than " + maxLineLength + " bytes");
        }
        return null;
      }
      int lineEnd = lf > lineStart && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
      int length = lineEnd - lineStart;
      if (length > maxLineLength) {
        throw fail(in, lineStart, length, "reply line longer than " + maxLineLength + " bytes");
      }
      int lineCode = parseCode(in, lineStart, length);
      if (lines == 0) {
        code = lineCode;
      } else if (lineCode != code) {
        throw fail(in, lineStart, length,
            "reply line with code " + lineCode + " inside a multiline reply with code " + code);
      }
      boolean last = length == 3 || in.getByte(lineStart + 3) == ' ';
      lines++;
      textLength += Math.max(0, length - 4);
      scanned = lf + 1 - base;
      if (last) {
        return build(in, base);
      }
      if (lines >= maxLines) {
        throw fail(in, lineStart, length, "reply longer than " + maxLines + " lines");
      }
    }
  }

  /** Forgets a partly scanned reply (after the input it referred to was discarded). */
  public void reset() {
    scanned = 0;
    lines = 0;
    code = 0;
    textLength = 0;
  }

  private int parseCode(ByteBuf in, int start, int length) {
    if (length < 3) {
      throw fail(in, start, length, "reply line shorter than a three-digit code");
    }
    int d1 = in.getByte(start) - '0';
    int d2 = in.getByte(start + 1) - '0';
    int d3 = in.getByte(start + 2) - '0';
    if (d1 < 2 || d1 > 5 || d2 < 0 || d2 > 5 || d3 < 0 || d3 > 9) {
      throw fail(in, start, length, "reply code is not three digits 2-5, 0-5, 0-9");
    }
    if (length > 3) {
      byte sep = in.getByte(start + 3);
      if (sep != ' ' && sep != '-') {
        throw fail(in, start, length, "reply code not followed by space, hyphen or end of line");
      }
    }
    return d1 * 100 + d2 * 10 + d3;
  }

  private SmtpReply build(ByteBuf in, int base) {
    byte[] text = new byte[textLength];
    int[] ends = lines == 1 ? null : new int[lines];
    int pos = base;
    int written = 0;
    for (int i = 0; i < lines; i++) {
      int lf = in.indexOf(pos, base + scanned, (byte) '\n');
      int lineEnd = lf > pos && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
      int textStart = pos + 4;
      if (lineEnd > textStart) {
        in.getBytes(textStart, text, written, lineEnd - textStart);
        written += lineEnd - textStart;
      }
      if (ends != null) {
        ends[i] = written;
      }
      pos = lf + 1;
    }
    int enhanced = -1;
    int firstLength = ends == null ? text.length : ends[0];
    if (firstLength >= 5) {
      enhanced = EnhancedStatus.parsePacked(text, 0, firstLength);
      if (enhanced >= 0 && enhanced / 1_000_000 != code / 100) {
        enhanced = -1;
      }
    }
    SmtpReply reply = new SmtpReply(code, enhanced, text, ends);
    in.readerIndex(base + scanned);
    reset();
    return reply;
  }

  private SmtpProtocolException fail(ByteBuf in, int start, int length, String problem) {
    reset();
    return new SmtpProtocolException("malformed SMTP reply: " + problem,
        SmtpText.escape(in, start, length, SHOWN_BYTES));
  }
}
