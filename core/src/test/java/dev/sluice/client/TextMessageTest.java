package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.codec.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextMessageTest {

  @Test
  void rendersHeadersAndA7BitBody() {
    String m = new String(new TextMessage("a@example.test", List.of("b@example.test", "c@example.test"), "hi",
        "hello\nworld", "id1@example.test").render(), StandardCharsets.US_ASCII);

    assertThat(m).startsWith("From: a@example.test\r\nTo: b@example.test, c@example.test\r\nSubject: hi\r\nDate: ")
        .contains("\r\nMessage-ID: <id1@example.test>\r\nMIME-Version: 1.0\r\n")
        .contains("Content-Transfer-Encoding: 7bit\r\n\r\nhello\r\nworld\r\n");
  }

  @Test
  void encodesNonAsciiAsQuotedPrintableAndTheSubjectAsEncodedWords() {
    String m = new String(TextMessage.of("a@example.test", List.of("b@example.test"), "Grüße aus München",
        "Grüße = ä\n").render(), StandardCharsets.US_ASCII);

    assertThat(m).contains("Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgTcO8bmNoZW4=?=\r\n")
        .contains("Content-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe =3D =C3=A4\r\n");
    assertThat(m.chars()).allMatch(c -> c < 0x80);
  }

  @Test
  void wrapsLongQuotedPrintableLinesWithSoftBreaks() {
    byte[] qp = TextMessage.quotedPrintable("ä".repeat(100) + "\r\n");
    for (String line : new String(qp, StandardCharsets.US_ASCII).split("\r\n")) {
      assertThat(line.length()).isLessThanOrEqualTo(76);
    }
  }

  @Test
  void refusesHeaderInjectionInTheSubject() {
    assertThatThrownBy(() -> TextMessage.of("a@example.test", List.of("b@example.test"), "hi\r\nBcc: x@evil.test", "x"))
        .isInstanceOf(InvalidArgumentException.class);
  }
}
