package dev.sluice.it.hostile;

import static dev.sluice.client.Hostile.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Credentials;
import dev.sluice.client.Envelope;
import dev.sluice.client.Hostile;
import dev.sluice.client.MessageContent;
import dev.sluice.client.MessageRefusedException;
import dev.sluice.client.SendResult;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpAuthenticationException;
import dev.sluice.client.SmtpRejectedException;
import dev.sluice.client.SmtpTlsException;
import dev.sluice.client.TlsMode;
import dev.sluice.testkit.ScriptedServer.Script;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The smaller faults of issue 12 (item 7) against scripted servers. */
class HostileReliabilityTest {

  private static final UnaryOperator<SmtpClientConfig.Builder> PLAIN = b -> b.tlsMode(TlsMode.NONE);

  @Test
  void refusesUtf8HeaderFieldsToAServerWithout8bitSmtputf8AndSendsNothing() {
    Script script = Script.create().greetAndEhlo("PIPELINING", "8BITMIME").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = send(script, PLAIN,
        MessageContent.of("Subject: Gr\u00fc\u00dfe\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(o.smtpError()).isInstanceOfSatisfying(MessageRefusedException.class,
        e -> assertThat(e.reason()).isEqualTo(MessageRefusedException.Reason.SMTPUTF8_NOT_SUPPORTED));
    assertThat(o.received()).doesNotContain("MAIL");
  }

  @Test
  void aCleartextAnswerToTheHandshakeAfterStartTlsDoesNotAdviseStartTls() {
    Script script = Script.create().greetAndEhlo("STARTTLS").expect("STARTTLS").send("220 go\r\n")
        .pause(Duration.ofMillis(200)).send("250 this is not TLS at all, it is plain text\r\n")
        .pause(Duration.ofSeconds(1));
    Hostile.Outcome o = Hostile.connect(script, b -> b.tlsMode(TlsMode.STARTTLS_REQUIRED));
    assertThat(o.smtpError()).isInstanceOf(SmtpTlsException.class);
    assertThat(o.smtpError().describe()).contains("accepted STARTTLS").doesNotContain("use --tls starttls");
  }

  @Test
  void theCleartextAuthHintNamesNoOptionTheCliLacks() {
    Script script = Script.create().greetAndEhlo("AUTH PLAIN").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.connect(script, b -> b.tlsMode(TlsMode.NONE)
        .credentials(Credentials.password("u@example.test", "pw")));
    assertThat(o.smtpError()).isInstanceOf(SmtpAuthenticationException.class);
    assertThat(o.smtpError().hint()).contains("--tls starttls").doesNotContain("--tls none", "--allow");
    assertThat(o.received()).doesNotContain("AUTH");
  }

  @Test
  void a552SentWhileTheDataStreamsIsReportedAsThatRejection() {
    Script script = Script.create().greetAndEhlo("PIPELINING").expect("MAIL").expect("RCPT").expect("DATA")
        .send("250 ok\r\n250 ok\r\n354 go\r\n").stopReading().pause(Duration.ofMillis(300))
        .send("552 5.3.4 message size exceeds fixed limit\r\n").pause(Duration.ofSeconds(1)).close();
    Hostile.Outcome o = send(script, PLAIN, Hostile.generated(64L * 1024 * 1024));
    assertThat(o.smtpError()).isInstanceOfSatisfying(SmtpRejectedException.class, e -> {
      assertThat(e.reply().code()).isEqualTo(552);
      assertThat(e.isTransient()).isFalse();
      assertThat(e.deliveryUnknown()).isFalse();
    });
  }

  @Test
  void aMessageAbandonedAfterARefusedBdatChunkLeavesNoLineStateToTheNext() {
    // The first chunk of message 1 ends with CR (sent as CRLF, so a leading LF of the next chunk
    // would be dropped); the chunk is refused. Message 2 begins with a bare LF, which must become
    // CRLF: "\nhello\r\n" is 9 octets on the wire, 7 if the stale state swallowed the LF.
    byte[] first = new byte[300 * 1024];
    Arrays.fill(first, (byte) 'x');
    first[256 * 1024 - 1] = '\r';
    Script script = Script.create().greetAndEhlo("CHUNKING").expect("MAIL").send("250 ok\r\n").expect("RCPT")
        .send("250 ok\r\n").bdat("BDAT").send("552 5.3.4 too big\r\n")
        .expect("RSET").send("250 ok\r\n").expect("MAIL").send("250 ok\r\n").expect("RCPT").send("250 ok\r\n")
        .bdat("BDAT 9 LAST").send("250 2.0.0 queued\r\n").expect("QUIT").send("221 bye\r\n");
    Hostile.Outcome o = Hostile.run(script, PLAIN, s -> {
      MessageContent big = MessageContent.ofStream(() -> new ByteArrayInputStream(first));
      MessageContent small = MessageContent.of("\nhello\r\n");
      CompletableFuture<SendResult> refused = s.send(Envelope.of("a@example.test", "b@example.test"), big);
      CompletableFuture<SendResult> next = s.send(Envelope.of("a@example.test", "c@example.test"), small);
      big.release();
      small.release();
      return refused.handle((r, e) -> e).thenCombine(next, (e, r) -> {
        assertThat(e).isNotNull();
        return r;
      });
    });
    assertThat(o.serverErrors()).isEmpty();
    assertThat(o.error()).isNull();
    assertThat(((SendResult) o.value()).accepted()).isTrue();
  }
}
