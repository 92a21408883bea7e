package dev.sluice.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EhloCapabilitiesTest {

  @Test
  void parsesKeywordsCaseInsensitivelyWithParameters() {
    EhloCapabilities caps = EhloCapabilities.parse(SmtpReply.of(250, "mx.example.test Hello client",
        "pipelining", "SIZE 10240000", "AUTH PLAIN LOGIN", "AUTH=LOGIN XOAUTH2", "8BITMIME", "CHUNKING",
        "STARTTLS", "ENHANCEDSTATUSCODES", "SMTPUTF8", "DSN", "BINARYMIME", ""));

    assertThat(caps.domain()).isEqualTo("mx.example.test");
    assertThat(caps.pipelining()).isTrue();
    assertThat(caps.has("Pipelining")).isTrue();
    assertThat(caps.sizeLimit()).isEqualTo(OptionalLong.of(10240000));
    assertThat(caps.authMechanisms()).containsExactly("PLAIN", "LOGIN", "XOAUTH2");
    assertThat(caps.eightBitMime() && caps.chunking() && caps.startTls() && caps.enhancedStatusCodes()
        && caps.smtpUtf8() && caps.dsn() && caps.binaryMime()).isTrue();
  }

  @Test
  void treatsSizeZeroOrWithoutNumberAsNoLimit() {
    assertThat(EhloCapabilities.of("x", "SIZE").sizeLimit()).isEmpty();
    assertThat(EhloCapabilities.of("x", "SIZE 0").sizeLimit()).isEmpty();
    assertThat(EhloCapabilities.of("x").has("SIZE")).isFalse();
  }

  @Test
  void ignoresLinesThatAreNotKeywords() {
    EhloCapabilities caps = EhloCapabilities.parse(SmtpReply.of(250, "mx", "-bogus", "  ", "X-EXT a b"));

    assertThat(caps.keywords()).containsExactly("X-EXT");
    assertThat(caps.parameters("x-ext")).containsExactly("a", "b");
  }
}
