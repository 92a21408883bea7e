package dev.sluice.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header fields of a message, parsed once from the CRLF-normalised header block (RFC 5322
 * §2.2): a field starts at a line that does not begin with white space and goes on over the lines
 * that do (folding).
 *
 * <p>Refused, with a typed error: a line longer than 998 octets (RFC 5322 §2.1.1 — relays fold or
 * cut such lines, which breaks the signature, so signing it would only look like success), a line
 * that is neither a field nor a continuation, and a field name with bytes outside 33–126.
 * Eight-bit bytes in values are kept as they are: DKIM signs octets (RFC 6376 §3.4.2 does not
 * decode them), so SMTPUTF8 headers sign and verify like any others.
 */
final class HeaderBlock {

  static final int MAX_LINE = 998;

  private final List<HeaderField> fields;

  private HeaderBlock(List<HeaderField> fields) {
    this.fields = fields;
  }

  List<HeaderField> fields() {
    return fields;
  }

  static HeaderBlock parse(byte[] b, int length) {
    List<HeaderField> fields = new ArrayList<>();
    int fieldStart = -1;
    int nameEnd = -1;
    int lineStart = 0;
    for (int i = 0; i < length; i++) {
      if (b[i] != '\n') {
        continue;
      }
      int lineLength = i - 1 - lineStart;
      if (lineLength > MAX_LINE) {
        throw new DkimException(DkimException.Problem.LINE_TOO_LONG, "header line " + (fields.size() + 1) + " is "
            + lineLength + " octets, over the 998 of RFC 5322 §2.1.1; fold it (CRLF and a space) before signing");
      }
      boolean continuation = b[lineStart] == ' ' || b[lineStart] == '\t';
      if (continuation) {
        if (fieldStart < 0) {
          throw malformed("the first header line starts with white space (a continuation with no field)");
        }
      } else {
        if (fieldStart >= 0) {
          fields.add(field(b, fieldStart, nameEnd, lineStart));
        }
        fieldStart = lineStart;
        nameEnd = nameEnd(b, lineStart, i);
      }
      lineStart = i + 1;
    }
    if (fieldStart >= 0) {
      fields.add(field(b, fieldStart, nameEnd, lineStart));
    }
    return new HeaderBlock(fields);
  }

  private static HeaderField field(byte[] b, int start, int nameEnd, int end) {
    return new HeaderField(b, start, end - start, nameEnd - start);
  }

  /** Where the field name ends (the colon, or white space before it). */
  private static int nameEnd(byte[] b, int start, int lineEnd) {
    for (int i = start; i < lineEnd; i++) {
      byte c = b[i];
      if (c == ':' || c == ' ' || c == '\t') {
        int colon = i;
        while (colon < lineEnd && (b[colon] == ' ' || b[colon] == '\t')) {
          colon++;
        }
        if (i == start || colon == lineEnd || b[colon] != ':') {
          break;
        }
        return i;
      }
      if (c < 33 || c > 126) {
        break;
      }
    }
    throw malformed("a header line is not \"Name: value\": "
        + new String(b, start, Math.min(40, lineEnd - start), StandardCharsets.ISO_8859_1).strip());
  }

  private static DkimException malformed(String what) {
    return new DkimException(DkimException.Problem.MALFORMED_HEADER, what
        + "; a message must start with header fields, then an empty line, then the body");
  }
}
