package dev.sluice.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Recomputes a published signature with our canonicalisation and signing: the body hash from the
 * message, the signature from the header fields its {@code h=} names and the field itself with the
 * {@code b=} value taken out (RFC 6376 §3.7). A test helper, not a verifier: the tag parsing is the
 * minimum the known answers need.
 */
final class KnownAnswers {

  private KnownAnswers() {}

  static byte[] resource(String name) {
    try (InputStream in = KnownAnswers.class.getResourceAsStream("/dkim/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fields in a file of fields each followed by a line with one dot. */
  static List<String> fields(String resource) {
    String all = new String(resource(resource), StandardCharsets.US_ASCII);
    List<String> out = new ArrayList<>();
    for (String f : all.split("\r\n\\.\r\n")) {
      if (!f.isBlank()) {
        out.add(f + "\r\n");
      }
    }
    return out;
  }

  /** The value of tag {@code name}, white space removed. */
  static String tag(String field, String name) {
    String value = field.substring(field.indexOf(':') + 1);
    for (String part : value.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
        return part.substring(eq + 1).replaceAll("[ \t\r\n]", "");
      }
    }
    return null;
  }

  /** The field without the {@code b=} value and without its final CRLF. */
  static String withoutSignature(String field) {
    int b = -1;
    for (int i = field.indexOf(':') + 1; i < field.length(); i++) {
      if (field.charAt(i) == 'b') {
        int j = i + 1;
        while (field.charAt(j) == ' ' || field.charAt(j) == '\t' || field.charAt(j) == '\r' || field.charAt(j) == '\n') {
          j++;
        }
        int k = i - 1;
        while (k > 0 && " \t\r\n".indexOf(field.charAt(k)) >= 0) {
          k--;
        }
        if (field.charAt(j) == '=' && (field.charAt(k) == ';' || field.charAt(k) == ':')) {
          b = j + 1;
          break;
        }
      }
    }
    int end = field.indexOf(';', b);
    String stripped = field.substring(0, b) + (end < 0 ? "" : field.substring(end));
    return stripped.endsWith("\r\n") ? stripped.substring(0, stripped.length() - 2) : stripped;
  }

  /** Our body hash of {@code message} for the body canonicalisation of {@code c}. */
  static String bodyHash(byte[] message, Canonicalization c) {
    SignerScratch s = new SignerScratch();
    MessagePass pass = new MessagePass(s, c.relaxedBody(), false, 1 << 20);
    pass.write(message, 0, message.length);
    pass.end();
    return Base64.getEncoder().encodeToString(s.bodyDigest.digest());
  }

  /** Our signature of {@code message}'s headers as {@code field} describes them, in base64. */
  static String signature(byte[] message, String field, DkimKey key) {
    return signature(message, field, key, SignatureEngines.JDK);
  }

  /** The same, signed by the providers {@code engines} names. */
  static String signature(byte[] message, String field, DkimKey key, SignatureEngines engines) {
    Canonicalization c = Canonicalization.parse(tag(field, "c"));
    SignerScratch s = new SignerScratch();
    MessagePass pass = new MessagePass(s, c.relaxedBody(), false, 1 << 20);
    pass.write(message, 0, message.length);
    pass.end();
    List<HeaderField> fields = HeaderBlock.parse(pass.header(), pass.headerLength()).fields();
    List<String> names = Arrays.asList(tag(field, "h").split(":"));
    Bytes data = new Bytes(256);
    SignedHeaders.canonical(fields, names, c.relaxedHeader(), data);
    byte[] own = withoutSignature(field).getBytes(StandardCharsets.US_ASCII);
    DkimSigner.appendOwnField(own, 0, own.length, c.relaxedHeader(), data);
    return Base64.getEncoder().encodeToString(s.sign(engines, key, data.array(), data.length()));
  }
}
