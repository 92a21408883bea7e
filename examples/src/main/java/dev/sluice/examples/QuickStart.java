package dev.sluice.examples;

import dev.sluice.client.Credentials;
import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.TextMessage;
import java.util.List;

/** README "Quick start: the library": the configuration, then the send (run against any server's config). */
public final class QuickStart {

  private QuickStart() {}

  /** The README's configuration (for smtp.example.com: built, not used). */
  public static SmtpClientConfig config() {
    // README:quickstart
    SmtpClientConfig config = SmtpClientConfig.builder("smtp.example.com")   // STARTTLS on 587, required
        .credentials(Credentials.password("me@example.com", System.getenv("SMTP_PASSWORD")))
        .build();
    // README:end
    return config;
  }

  /** The README's send, with {@code config} pointing at a real server. */
  public static void send(SmtpClientConfig config) {
    // README:quickstart
    try (SmtpClient client = SmtpClient.create(config)) {
      SmtpSession session = client.connect().join();           // greeting, EHLO, STARTTLS, EHLO, AUTH
      byte[] mail = TextMessage.of("me@example.com", List.of("you@example.org"), "Hello", "Hi there").render();
      SendResult result = session.send(Envelope.of("me@example.com", "you@example.org"), MessageContent.of(mail)).join();
      System.out.println(result.dataReply());                  // 250 2.0.0 Ok: queued as ...
      session.quit().join();
    }
    // README:end
  }
}
