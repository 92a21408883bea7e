package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.sink.AuthMechanism;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.SmtpSinkBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every line Sluice logs, at the finest level (the wire trace included), during AUTH with PLAIN,
 * LOGIN and XOAUTH2, a failed AUTH and sends: no password or token, in clear or in base64.
 * System.Logger goes to java.util.logging here (no other LoggerFinder on the test class path).
 */
class AuthLoggingTest {

  private static final String USER = "user@example.test";
  private static final String PASSWORD = "pw-S3cr3t-Zq9x";
  private static final String TOKEN = "ya29.tok-S3cr3t-Wk7v";
  private static final byte[] MESSAGE = "Subject: t\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

  private final List<String> lines = new ArrayList<>();
  private final Logger root = Logger.getLogger("dev.sluice");
  private Level previous;
  private final Handler capture = new Handler() {
    private final SimpleFormatter format = new SimpleFormatter();

    @Override
    public void publish(LogRecord r) {
      StringBuilder line = new StringBuilder(r.getLoggerName()).append(' ').append(r.getLevel()).append(' ')
          .append(format.formatMessage(r));
      if (r.getThrown() != null) {
        StringWriter trace = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(trace));
        line.append('\n').append(trace);
      }
      synchronized (lines) {
        lines.add(line.toString());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureEverything() {
    previous = root.getLevel();
    root.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
  }

  @AfterEach
  void stopCapturing() {
    root.removeHandler(capture);
    root.setLevel(previous);
  }

  private static SmtpClientConfig.Builder config(SmtpSink sink) {
    return SmtpClientConfig.builder("localhost").port(sink.port()).heloName("client.test")
        .timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(1)
        .trust(TrustConfig.certificates(List.of(sink.certificate().certificate())));
  }

  private static SmtpSinkBuilder sink(AuthMechanism mechanism) {
    return SmtpSink.builder().inMemory().tls(dev.sluice.sink.TlsMode.STARTTLS).authMechanisms(mechanism)
        .user(USER, PASSWORD).token(USER, TOKEN);
  }

  private void sendOnce(AuthMechanism mechanism, Credentials credentials, List<String> mechanisms) throws Exception {
    try (SmtpSink s = sink(mechanism).start();
         SmtpClient c = SmtpClient.create(config(s).credentials(credentials).authMechanisms(mechanisms).build())) {
      SmtpSession session = c.connect().get();
      assertThat(session.info().authMechanism()).isEqualTo(mechanism.name());
      session.send(Envelope.of("a@example.test", "b@example.test"), MessageContent.of(MESSAGE)).get();
      session.quit().get();
    }
  }

  @Test
  void plainLoginAndXoauth2LeaveNoSecretInAnyLogLine() throws Exception {
    sendOnce(AuthMechanism.PLAIN, Credentials.password(USER, PASSWORD), List.of("PLAIN"));
    sendOnce(AuthMechanism.LOGIN, Credentials.password(USER, PASSWORD), List.of("LOGIN"));
    sendOnce(AuthMechanism.XOAUTH2, Credentials.oauth(USER, refresh -> TOKEN), List.of("XOAUTH2"));

    List<String> all = snapshot();
    // The capture saw the whole exchange, or finding no secret would prove nothing.
    assertThat(all).anyMatch(l -> l.startsWith(LoggerNames.WIRE) && l.contains("AUTH PLAIN"));
    assertThat(all).anyMatch(l -> l.startsWith(LoggerNames.WIRE) && l.contains("AUTH LOGIN"));
    assertThat(all).anyMatch(l -> l.startsWith(LoggerNames.WIRE) && l.contains("AUTH XOAUTH2"));
    assertThat(all).anyMatch(l -> l.startsWith(LoggerNames.AUTH) && l.contains("with XOAUTH2"));
    assertThat(all).anyMatch(l -> l.startsWith(LoggerNames.TLS) && l.contains("TLS"));
    assertThat(all).anyMatch(l -> l.startsWith(LoggerNames.SESSION) && l.contains("session ready"));
    assertThat(all).anyMatch(l -> l.startsWith(LoggerNames.TRANSACTION) && l.contains("ACCEPTED"));
    assertNoSecret(all);
  }

  @Test
  void aRejectedPasswordAndARejectedTokenLeaveNoSecretEither() throws Exception {
    try (SmtpSink s = sink(AuthMechanism.PLAIN).user(USER, "another").start();
         SmtpClient c = SmtpClient.create(config(s).credentials(Credentials.password(USER, PASSWORD)).build())) {
      assertThat(catchThrowable(() -> c.connect().join())).hasCauseInstanceOf(SmtpAuthenticationException.class);
    }
    try (SmtpSink s = sink(AuthMechanism.XOAUTH2).token(USER, "another").start();
         SmtpClient c = SmtpClient.create(config(s).credentials(Credentials.oauth(USER, refresh -> TOKEN))
             .authMechanisms(List.of("XOAUTH2")).build())) {
      assertThat(catchThrowable(() -> c.connect().join())).hasCauseInstanceOf(SmtpAuthenticationException.class);
    }
    List<String> all = snapshot();
    assertThat(all).anyMatch(l -> l.startsWith(LoggerNames.AUTH) && l.contains("AUTH failed"));
    assertNoSecret(all);
  }

  @Test
  void aBulkSendLeavesNoSecret() throws Exception {
    try (SmtpSink s = sink(AuthMechanism.PLAIN).start();
         SmtpClient c = SmtpClient.create(config(s).credentials(Credentials.password(USER, PASSWORD)).build());
         BulkSender sender = BulkSender.create(c, BulkConfig.DEFAULT)) {
      List<java.util.concurrent.CompletableFuture<Outcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        outcomes.add(sender.submit(Envelope.of("a@example.test", "b" + i + "@example.test"), MessageContent.of(MESSAGE)));
      }
      for (var o : outcomes) {
        assertThat(o.get().status()).isEqualTo(Outcome.Status.DELIVERED);
      }
    }
    List<String> all = snapshot();
    assertThat(all).anyMatch(l -> l.startsWith(LoggerNames.WIRE) && l.contains("AUTH PLAIN"));
    assertNoSecret(all);
  }

  private List<String> snapshot() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  private static void assertNoSecret(List<String> all) {
    List<String> secrets = new ArrayList<>(List.of(PASSWORD, TOKEN));
    for (String clear : List.of(PASSWORD, TOKEN, "\0" + USER + "\0" + PASSWORD,
        "user=" + USER + "\u0001auth=Bearer " + TOKEN + "\u0001\u0001")) {
      secrets.add(Base64.getEncoder().encodeToString(clear.getBytes(StandardCharsets.UTF_8)));
    }
    for (String line : all) {
      for (String secret : secrets) {
        assertThat(line).as("a log line").doesNotContain(secret);
      }
    }
  }
}
