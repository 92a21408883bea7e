package dev.sluice.sink.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.RecipientResult;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpRejectedException;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TlsMode;
import dev.sluice.sink.Recipient;
import dev.sluice.sink.StoredMessage;
import dev.sluice.sink.handler.MessageHandler;
import dev.sluice.sink.handler.ProviderProfile;
import dev.sluice.sink.handler.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink's handler SPI and provider profiles, seen from a client. */
class MessageHandlerTest {

  /** Refuses recipients "no@", delays "slow@" by 300 ms, refuses messages whose subject says "spam". */
  private static final MessageHandler HANDLER = new MessageHandler() {
    @Override
    public Verdict recipient(String from, Recipient r) {
      return r.address().startsWith("no@") ? Verdict.reject(550, "5.1.1 unknown here")
          : r.address().startsWith("slow@") ? Verdict.accept().after(Duration.ofMillis(300))
          : Verdict.accept();
    }

    @Override
    public Verdict message(StoredMessage m) {
      return m.dataAsString().contains("Subject: spam") ? Verdict.reject(554, "5.7.1 looks like spam")
          : Verdict.accept();
    }
  };

  @RegisterExtension
  SmtpSinkExtension handled = SmtpSinkExtension.create(b -> b.handler(HANDLER));

  private SendResult send(int port, String subject, String... to) {
    SmtpClientConfig config = SmtpClientConfig.builder("127.0.0.1").port(port).tlsMode(TlsMode.NONE)
        .timeouts(Timeouts.all(Duration.ofSeconds(10))).build();
    try (SmtpClient client = SmtpClient.create(config)) {
      SmtpSession s = client.connect().join();
      try {
        return s.send(Envelope.of("from@example.test", to), MessageContent.of("Subject: " + subject + "\r\n\r\nhi\r\n"))
            .join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof SmtpRejectedException r && r.result() != null) {
          return r.result();
        }
        throw e;
      } finally {
        s.quit().exceptionally(x -> null).join();
      }
    }
  }

  @Test
  void refusesARecipientWithTheHandlersReplyAndStoresForTheOthers() throws Exception {
    SendResult r = send(handled.port(), "hello", "yes@example.test", "no@example.test");
    assertThat(r.recipients()).extracting(x -> x.reply().code()).containsExactly(250, 550);
    assertThat(r.recipients().get(1).reply().text()).contains("5.1.1 unknown here");
    assertThat(handled.awaitMessages(1, Duration.ofSeconds(5)).get(0).envelopeRecipients())
        .containsExactly("yes@example.test");
  }

  @Test
  void refusesAMessageWithTheHandlersReplyAndDoesNotStoreIt() {
    SendResult r = send(handled.port(), "spam", "yes@example.test");
    assertThat(r.dataReply().code()).isEqualTo(554);
    assertThat(r.dataReply().text()).contains("looks like spam");
    assertThat(handled.messages()).isEmpty();
  }

  @Test
  void delaysTheReplyWithoutBlockingOtherConnections() throws Exception {
    long start = System.nanoTime();
    SendResult slow = send(handled.port(), "hello", "slow@example.test");
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(slow.accepted()).isTrue();
    assertThat(tookMs).isGreaterThanOrEqualTo(300); // a lower bound: the delay happened at all
  }

  @RegisterExtension
  SmtpSinkExtension gmail = SmtpSinkExtension.create(b -> b.handler(
      ProviderProfile.gmail().transientFailures(0.2).permanentFailures(0.1).seed(42)));

  /** Without 421s (which close the connection, as RFC 5321 3.8 says): one connection takes every draw. */
  @RegisterExtension
  SmtpSinkExtension proportions = SmtpSinkExtension.create(b -> b.handler(new ProviderProfile("test",
      List.of(Verdict.reject(451, "4.3.0 later")), List.of(Verdict.reject(550, "5.1.1 unknown")), 0.2, 0.1, 42,
      null)));

  @Test
  void a421FromAProfileClosesTheConnection() {
    ProviderProfile only421 = new ProviderProfile("t", List.of(Verdict.reject(421, "4.7.0 go away")),
        List.of(Verdict.reject(550, "5.1.1 unknown")), 1, 0, 1, null);
    try (dev.sluice.sink.SmtpSink s = dev.sluice.sink.SmtpSink.builder().bind("127.0.0.1").port(0).countOnly()
        .handler(only421).start();
         SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("127.0.0.1").port(s.port())
             .tlsMode(TlsMode.NONE).timeouts(Timeouts.all(Duration.ofSeconds(10))).build())) {
      SmtpSession session = client.connect().join();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.send(Envelope.of("a@example.test",
          "b@example.test"), MessageContent.of("Subject: x\r\n\r\nhi\r\n")).join()).hasMessageContaining("421");
      session.closeFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
      assertThat(session.isUsable()).isFalse();
    }
  }

  @Test
  void tempfailAndPermfailLocalPartsAlwaysGetTheirReplies() {
    SendResult r = send(gmail.port(), "x", "tempfail@example.test", "permfail@example.test");
    RecipientResult temp = r.recipients().get(0);
    RecipientResult perm = r.recipients().get(1);
    assertThat(temp.reply().isTransientFailure()).isTrue();
    assertThat(temp.reply().enhancedStatus()).isNotNull();
    assertThat(perm.reply().isPermanentFailure()).isTrue();
    assertThat(perm.reply().enhancedStatus()).isNotNull();
    assertThat(ProviderProfile.gmail().transientReplies()).extracting(Verdict::text).contains(temp.reply().text());
  }

  @Test
  void refusesRecipientsInTheProportionsSet() {
    List<String> to = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      to.add("user" + i + "@example.test");
    }
    SmtpClientConfig config = SmtpClientConfig.builder("127.0.0.1").port(proportions.port()).tlsMode(TlsMode.NONE)
        .timeouts(Timeouts.all(Duration.ofSeconds(10))).build();
    int transients = 0;
    int permanents = 0;
    try (SmtpClient client = SmtpClient.create(config)) {
      SmtpSession s = client.connect().join();
      for (int batch = 0; batch < 4; batch++) {
        SendResult r = s.send(Envelope.of("from@example.test", to.subList(batch * 100, batch * 100 + 100)),
            MessageContent.of("Subject: x\r\n\r\nhi\r\n")).join();
        for (RecipientResult rr : r.recipients()) {
          transients += rr.reply().isTransientFailure() ? 1 : 0;
          permanents += rr.reply().isPermanentFailure() ? 1 : 0;
        }
      }
      s.quit().join();
    }
    // 400 draws at 20% and 10%: well within these bounds unless the rates are ignored or swapped
    assertThat(transients).isBetween(50, 110);
    assertThat(permanents).isBetween(20, 65);
  }
}
