package dev.sluice.dkim;

import java.util.Base64;
import java.util.List;

/**
 * Writes one DKIM-Signature field (RFC 6376 §3.5), folded at 78 columns with CRLF and a tab. Tags:
 * {@code v a c d s t [x] [i] h bh b}; never {@code l=} (a length limit lets anyone append content
 * below the signed part and keep the signature valid). {@code b=} comes last so that the field
 * without its value — what the signature covers — is a prefix of the field with it.
 */
final class SignatureField {

  private static final int WIDTH = 76;

  private SignatureField() {}

  /** The field up to and including {@code b=}, without the signature value and final CRLF. */
  static void writeUnsigned(Bytes out, DkimKey key, Canonicalization c, long t, long x, boolean auid,
      List<String> names, String bodyHash) {
    int lineStart = out.length();
    out.ascii("DKIM-Signature: v=1; a=");
    out.ascii(key.algorithm().tag());
    out.ascii("; c=");
    out.ascii(c.tag());
    out.ascii(";\r\n\td=");
    lineStart = out.length() - 3;
    out.ascii(key.domain());
    out.ascii("; s=");
    out.ascii(key.selector());
    out.ascii("; t=");
    out.ascii(Long.toString(t));
    out.ascii(";");
    if (x > 0) {
      out.ascii(" x=");
      out.ascii(Long.toString(x));
      out.ascii(";");
    }
    if (auid) {
      lineStart = tag(out, lineStart, "i=@" + key.domain() + ";");
    }
    out.ascii("\r\n\th=");
    lineStart = out.length() - 3;
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      if (out.length() - lineStart + n.length() + 1 > WIDTH) {
        out.ascii("\r\n\t ");
        lineStart = out.length() - 2;
      }
      out.ascii(n);
      out.ascii(i + 1 < names.size() ? ":" : ";");
    }
    out.ascii("\r\n\tbh=");
    out.ascii(bodyHash);
    out.ascii(";\r\n\tb=");
  }

  private static int tag(Bytes out, int lineStart, String tag) {
    if (out.length() - lineStart + tag.length() + 1 > WIDTH) {
      out.ascii("\r\n\t");
      lineStart = out.length() - 1;
    } else {
      out.ascii(" ");
    }
    out.ascii(tag);
    return lineStart;
  }

  /** Appends the signature value, folded, and the final CRLF. */
  static void writeSignature(Bytes out, byte[] signature) {
    byte[] b64 = Base64.getEncoder().encode(signature);
    int first = Math.min(b64.length, WIDTH - 3);
    out.write(b64, 0, first);
    for (int i = first; i < b64.length; i += WIDTH - 2) {
      out.ascii("\r\n\t ");
      out.write(b64, i, Math.min(WIDTH - 2, b64.length - i));
    }
    out.ascii("\r\n");
  }
}
