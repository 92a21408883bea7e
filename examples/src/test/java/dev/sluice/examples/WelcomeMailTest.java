package dev.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.sink.junit.ReceivedMessage;
import dev.sluice.sink.junit.SmtpSinkExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** README "The sink in your tests", as a test. */
class WelcomeMailTest {

  private final WelcomeMail welcome = new WelcomeMail();

  // README:junit
  @RegisterExtension
  static SmtpSinkExtension sink = SmtpSinkExtension.create();

  @Test
  void sendsTheWelcomeMail() throws Exception {
    welcome.send("ann@example.org", sink.host(), sink.port());   // your code, pointed at the sink
    ReceivedMessage mail = sink.awaitMessages(1, Duration.ofSeconds(5)).get(0);
    assertEquals("Welcome", mail.subject());
    assertEquals("terms.pdf", mail.attachments().get(0).fileName());
  }
  // README:end
}
