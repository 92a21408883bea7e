package dev.sluice.it.dkim;

import dev.sluice.testkit.Vectors;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Messages to sign: the shared data-encoding vectors as bodies (dots, bare CR and LF, smuggling
 * shapes), MIME with an attachment, 8-bit and SMTPUTF8 text, 10 MiB (less 4 KiB: the sink's default
 * limit is 10 MiB, signature fields included), and the awkward cases the
 * issue lists (empty body, blank lines only, odd folding, bare LF everywhere, a 998-octet line).
 */
final class DkimCorpus {

  static final String FROM = "sender@sluice.test";

  private DkimCorpus() {}

  static Map<String, byte[]> messages() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (Vectors.Data v : Vectors.dataEncoding()) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      v.chunkBytes().forEach(body::writeBytes);
      m.put("vector-" + v.name(), join(headers(v.name(), "text/plain; charset=us-ascii"), body.toByteArray()));
    }
    m.put("mime-attachment", mime());
    m.put("eight-bit", join(headers("eight-bit", "text/plain; charset=utf-8") + "Content-Transfer-Encoding: 8bit\r\n",
        "Gr\u00fc\u00dfe aus K\u00f6ln \u2013 caf\u00e9 \u00e0 la cr\u00e8me\r\n\ttab \t line  \r\n".repeat(20)
            .getBytes(StandardCharsets.UTF_8)));
    m.put("smtputf8", ("From: \"J\u00f6e \u00dcnicode\" <" + FROM + ">\r\nTo: =?utf-8?q?M=C3=A4ry?= <rcpt@example.test>\r\n"
        + "Subject: Gr\u00fc\u00dfe \u2713 \u65e5\u672c\r\nDate: Wed, 03 Dec 2025 09:00:00 +0000\r\n"
        + "Message-ID: <smtputf8@sluice.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n\r\n\u3053\u3093\u306b\u3061\u306f \u4e16\u754c\r\n")
        .getBytes(StandardCharsets.UTF_8));
    m.put("ten-mib", join(headers("ten-mib", "text/plain; charset=us-ascii"), bigBody((10 << 20) - 4096)));
    m.put("empty-body", join(headers("empty-body", "text/plain"), new byte[0]));
    m.put("blank-lines-only", join(headers("blank-lines-only", "text/plain"),
        "\r\n\r\n  \r\n\t\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    m.put("odd-folding", ("From:   Sluice\r\n   <" + FROM + ">\r\nTo:rcpt@example.test\r\nSubject: \t folded\r\n \t"
        + "  over   three\r\n\t lines \t\r\nDate: Wed, 03 Dec 2025 09:00:00 +0000\r\nMessage-ID:\r\n <odd@sluice.test>\r\n"
        + "X-Empty:\r\n\r\nbody  with   spaces \t\r\n").getBytes(StandardCharsets.US_ASCII));
    m.put("bare-lf", (headers("bare-lf", "text/plain") + "\r\nline one\nline two\n\n.dot line\nno final newline")
        .replace("\r\n", "\n").getBytes(StandardCharsets.US_ASCII));
    m.put("line-998", join(headers("line-998", "text/plain") + "X-Long: " + "y".repeat(998 - 8) + "\r\n",
        "short body\r\n".getBytes(StandardCharsets.US_ASCII)));
    return m;
  }

  static String headers(String name, String contentType) {
    return "From: Sluice <" + FROM + ">\r\nTo: rcpt@example.test\r\nSubject: dkim " + name + "\r\n"
        + "Date: Wed, 03 Dec 2025 09:00:00 +0000\r\nMessage-ID: <" + name + "@sluice.test>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: " + contentType + "\r\n";
  }

  private static byte[] join(String headers, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((headers + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static byte[] mime() {
    byte[] attachment = new byte[30_000];
    new Random(8463).nextBytes(attachment);
    String b64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(attachment);
    String body = "This is a multi-part message in MIME format.\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + "\r\nSee the attachment.  \r\n\r\n--b1\r\nContent-Type: application/octet-stream; name=\"data.bin\"\r\n"
        + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"data.bin\"\r\n\r\n" + b64
        + "\r\n--b1--\r\n";
    return join(headers("mime-attachment", "multipart/mixed; boundary=\"b1\""), body.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] bigBody(int size) {
    byte[] b = new byte[size];
    Random r = new Random(6376);
    int col = 0;
    for (int i = 0; i < size; i++) {
      if (col == 70 && i + 1 < size) {
        b[i++] = '\r';
        b[i] = '\n';
        col = 0;
      } else {
        b[i] = (byte) (r.nextInt(8) == 0 ? ' ' : 'a' + r.nextInt(26));
        col++;
      }
    }
    return b;
  }
}
