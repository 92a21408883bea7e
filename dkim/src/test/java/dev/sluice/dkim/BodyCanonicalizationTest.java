package dev.sluice.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.Vectors;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming writers against plain, whole-message reference versions of RFC 6376 §3.4.3/§3.4.4
 * written here line by line, over random bodies cut into random chunks (state across chunk
 * boundaries is where streaming canonicalisers break).
 */
class BodyCanonicalizationTest {

  /** Collects what reaches the end of the stack. */
  static final class Collect implements ByteSink {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    public void write(byte[] b, int off, int len) {
      out.write(b, off, len);
    }

    @Override
    public void end() {}
  }

  /** Reference: bare CR and bare LF become CRLF; a final CRLF is added if missing. */
  static byte[] wire(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < in.length; i++) {
      byte c = in[i];
      if (c == '\r') {
        out.write('\r');
        out.write('\n');
        if (i + 1 < in.length && in[i + 1] == '\n') {
          i++;
        }
      } else if (c == '\n') {
        out.write('\r');
        out.write('\n');
      } else {
        out.write(c);
      }
    }
    byte[] b = out.toByteArray();
    if (b.length > 0 && b[b.length - 1] != '\n') {
      out.write('\r');
      out.write('\n');
    }
    return out.toByteArray();
  }

  static List<String> lines(String crlfText) {
    List<String> lines = new ArrayList<>(List.of(crlfText.split("\r\n", -1)));
    lines.remove(lines.size() - 1);
    return lines;
  }

  /** Reference simple body: drop trailing empty lines; empty body is CRLF. */
  static String simple(String body) {
    List<String> lines = lines(body);
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    if (lines.isEmpty()) {
      return "\r\n";
    }
    return String.join("\r\n", lines) + "\r\n";
  }

  /** Reference relaxed body: WSP runs to one SP, no WSP at line ends, no trailing empty lines; empty stays empty. */
  static String relaxed(String body) {
    List<String> lines = new ArrayList<>();
    for (String line : lines(body)) {
      StringBuilder sb = new StringBuilder();
      boolean space = false;
      for (char c : line.toCharArray()) {
        if (c == ' ' || c == '\t') {
          space = true;
        } else {
          if (space) {
            sb.append(' ');
          }
          space = false;
          sb.append(c);
        }
      }
      lines.add(sb.toString());
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines.isEmpty() ? "" : String.join("\r\n", lines) + "\r\n";
  }

  static byte[] stream(ByteSink sink, Collect collect, byte[] in, Random cuts) {
    return stream(sink, collect, in, cuts, 7);
  }

  static byte[] stream(ByteSink sink, Collect collect, byte[] in, Random cuts, int maxChunk) {
    int i = 0;
    while (i < in.length) {
      int n = Math.min(in.length - i, cuts.nextInt(4) == 0 ? 0 : 1 + cuts.nextInt(maxChunk));
      sink.write(in, i, n);
      i += n;
    }
    sink.end();
    return collect.out.toByteArray();
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void matchesTheReferenceOverRandomBodiesAndChunks() {
    Random random = new Random(6376);
    byte[] alphabet = {'a', 'b', ' ', '\t', '\r', '\n', '.', (byte) 0xe9};
    for (int round = 0; round < 20_000; round++) {
      byte[] body = new byte[random.nextInt(40)];
      for (int i = 0; i < body.length; i++) {
        body[i] = alphabet[random.nextInt(alphabet.length)];
      }
      byte[] normalised = wire(body);
      Collect w = new Collect();
      assertThat(s(stream(new WireLineEndings(w), w, body, random))).as("wire %s", s(body)).isEqualTo(s(normalised));
      Collect r = new Collect();
      assertThat(s(stream(new RelaxedBody(r), r, normalised, random))).as("relaxed %s", s(normalised))
          .isEqualTo(relaxed(s(normalised)));
      Collect p = new Collect();
      assertThat(s(stream(new SimpleBody(p), p, normalised, random))).as("simple %s", s(normalised))
          .isEqualTo(simple(s(normalised)));
    }
  }

  /**
   * Text-like bodies (mostly letters, long lines, big chunks), where the writers skip eight bytes
   * at a time: the word-at-a-time paths must agree with the references too.
   */
  @Test
  void matchesTheReferenceOverTextLikeBodies() {
    Random random = new Random(8463);
    for (int round = 0; round < 5_000; round++) {
      byte[] body = new byte[random.nextInt(400)];
      for (int i = 0; i < body.length; i++) {
        int r = random.nextInt(100);
        body[i] = (byte) (r < 80 ? 'a' + r % 26 : r < 90 ? ' ' : r < 93 ? '\t' : r < 97 ? '\r' : '\n');
        if (r >= 93 && random.nextBoolean()) {
          body[i] = (byte) (r < 97 ? '\n' : '\r');
        }
      }
      byte[] normalised = wire(body);
      Collect w = new Collect();
      assertThat(s(stream(new WireLineEndings(w), w, body, random, 64))).isEqualTo(s(normalised));
      Collect r = new Collect();
      assertThat(s(stream(new RelaxedBody(r), r, normalised, random, 64))).as("relaxed %s", s(normalised))
          .isEqualTo(relaxed(s(normalised)));
      Collect p = new Collect();
      assertThat(s(stream(new SimpleBody(p), p, normalised, random, 64))).as("simple %s", s(normalised))
          .isEqualTo(simple(s(normalised)));
    }
  }

  /**
   * Mail-like bodies: short words, single spaces and CRLF line ends — long stretches the writers
   * pass over eight bytes at a time across line ends — with now and then what they must stop for
   * (trailing or leading white space, a tab, two spaces, an empty line, a bare CR or LF).
   */
  @Test
  void matchesTheReferenceOverMailLikeBodies() {
    Random random = new Random(1998);
    String[] odd = {" \r\n", "\t", "  ", "\r\n\r\n", "\n", "\r", " ", "\r\n ", "\r\n\t"};
    for (int round = 0; round < 5_000; round++) {
      StringBuilder body = new StringBuilder();
      int words = random.nextInt(120);
      for (int i = 0; i < words; i++) {
        body.append("abcdefghij", 0, 1 + random.nextInt(9));
        int r = random.nextInt(100);
        body.append(r < 75 ? " " : r < 95 ? "\r\n" : odd[random.nextInt(odd.length)]);
      }
      byte[] raw = body.toString().getBytes(StandardCharsets.US_ASCII);
      byte[] normalised = wire(raw);
      Collect w = new Collect();
      assertThat(s(stream(new WireLineEndings(w), w, raw, random, 300))).isEqualTo(s(normalised));
      Collect r = new Collect();
      assertThat(s(stream(new RelaxedBody(r), r, normalised, random, 300))).as("relaxed %s", s(normalised))
          .isEqualTo(relaxed(s(normalised)));
      Collect p = new Collect();
      assertThat(s(stream(new SimpleBody(p), p, normalised, random, 300))).as("simple %s", s(normalised))
          .isEqualTo(simple(s(normalised)));
    }
  }

  @Test
  void rfc6376Section345Example() {
    byte[] body = " C \r\nD \t E\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    Collect r = new Collect();
    Collect p = new Collect();
    assertThat(s(stream(new RelaxedBody(r), r, body, new Random(1)))).isEqualTo(" C\r\nD E\r\n");
    assertThat(s(stream(new SimpleBody(p), p, body, new Random(2)))).isEqualTo(" C \r\nD \t E\r\n");
  }

  @Test
  void emptyAndBlankBodies() {
    for (String body : new String[] {"", "\r\n", "\r\n\r\n\r\n", " \r\n\t\r\n"}) {
      Collect r = new Collect();
      Collect p = new Collect();
      byte[] b = body.getBytes(StandardCharsets.US_ASCII);
      assertThat(s(stream(new RelaxedBody(r), r, b, new Random(3)))).as("relaxed %s", body).isEmpty();
      assertThat(s(stream(new SimpleBody(p), p, b, new Random(4)))).as("simple %s", body)
          .isEqualTo(body.startsWith(" ") ? " \r\n\t\r\n" : "\r\n");
    }
  }

  static List<Vectors.Data> dataVectors() {
    return Vectors.dataEncoding();
  }

  /** The shared data-encoding vectors: what a receiver stores is what our wire rule makes of the chunks. */
  @ParameterizedTest
  @MethodSource("dataVectors")
  void wireLineEndingsMatchTheSharedVectors(Vectors.Data v) {
    Collect c = new Collect();
    WireLineEndings w = new WireLineEndings(c);
    for (byte[] chunk : v.chunkBytes()) {
      w.write(chunk, 0, chunk.length);
    }
    w.end();
    assertThat(s(c.out.toByteArray())).isEqualTo(s(v.messageBytes()));
  }
}
