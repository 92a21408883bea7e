package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

/** Dialogue steps shared by the tests. */
final class Transactions {

  private Transactions() {}

  /** MAIL, RCPT, DATA, the given wire data (which must end with the terminator): the final reply. */
  static RawClient.Reply sendData(RawClient c, String from, String to, String wire) throws IOException {
    assertThat(c.command("MAIL FROM:<" + from + ">").code()).isEqualTo(250);
    assertThat(c.command("RCPT TO:<" + to + ">").code()).isEqualTo(250);
    assertThat(c.command("DATA").code()).isEqualTo(354);
    c.send(wire);
    return c.reply();
  }

  /** A small message from a@example.test to b@example.test. */
  static RawClient.Reply sendMessage(RawClient c) throws IOException {
    return sendData(c, "a@example.test", "b@example.test", "Subject: t\r\n\r\nhello\r\n.\r\n");
  }
}
