package dev.sluice.sink.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathArgumentTest {

  @Test
  void parsesTheAddressAndParametersInOrder() {
    PathArgument p = PathArgument.parse("MAIL FROM:<a@example.test> size=100 BODY=8BITMIME SMTPUTF8", 5, "FROM:");

    assertThat(p.address()).isEqualTo("a@example.test");
    assertThat(p.parameters()).containsExactly(Map.entry("SIZE", "100"), Map.entry("BODY", "8BITMIME"),
        Map.entry("SMTPUTF8", ""));
  }

  @Test
  void acceptsTheNullSenderALowerCaseKeywordAndOneSpaceAfterTheColon() {
    assertThat(PathArgument.parse("MAIL from:<>", 5, "FROM:").address()).isEmpty();
    assertThat(PathArgument.parse("MAIL FROM: <a@b.test>", 5, "FROM:").address()).isEqualTo("a@b.test");
  }

  @Test
  void dropsASourceRoute() {
    assertThat(PathArgument.parse("RCPT TO:<@relay.test,@other.test:u@d.test>", 5, "TO:").address())
        .isEqualTo("u@d.test");
  }

  @Test
  void keepsAnAngleBracketInsideAQuotedLocalPart() {
    assertThat(PathArgument.parse("RCPT TO:<\"a>b\"@d.test>", 5, "TO:").address()).isEqualTo("\"a>b\"@d.test");
  }

  @ParameterizedTest
  @ValueSource(strings = {"MAIL FROM:a@b.test", "MAIL FROM:<a@b.test", "MAIL TO:<a@b.test>", "MAIL FROM:<a@b.test>x",
      "MAIL FROM:<a@b.test> SIZE=", "MAIL FROM:<a@b.test> =1", "MAIL FROM:<a@b.test> SIZE=1 size=2",
      "MAIL FROM:<a<b@c.test>", "MAIL FROM:  <a@b.test>", "MAIL FROM:<@route>"})
  void refusesMalformedArguments(String line) {
    assertThat(PathArgument.parse(line, 5, "FROM:")).isNull();
  }
}
