package dev.sluice.dkim;

/**
 * Header canonicalisation (RFC 6376 §3.4.1 simple, §3.4.2 relaxed) of one field into a
 * {@link Bytes} buffer. Relaxed: the name in lower case, the value unfolded, each run of white
 * space one SP, white space around the colon and at the end removed, then CRLF.
 */
final class HeaderCanon {

  private HeaderCanon() {}

  static void simple(byte[] b, int off, int len, Bytes out) {
    out.write(b, off, len);
  }

  static void relaxed(byte[] b, int off, int len, Bytes out) {
    int end = off + len;
    int i = off;
    for (; i < end; i++) {
      byte c = b[i];
      if (c == ':' || c == ' ' || c == '\t') {
        break;
      }
      out.write(c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c);
    }
    while (i < end && b[i] != ':') {
      i++;
    }
    out.write((byte) ':');
    boolean space = false;
    boolean content = false;
    for (i++; i < end; i++) {
      byte c = b[i];
      if (c == '\r' || c == '\n') {
        continue;
      }
      if (c == ' ' || c == '\t') {
        space = true;
        continue;
      }
      if (space && content) {
        out.write((byte) ' ');
      }
      space = false;
      content = true;
      out.write(c);
    }
    out.write((byte) '\r');
    out.write((byte) '\n');
  }
}
