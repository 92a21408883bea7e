package dev.sluice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sluice.client.Credentials;
import dev.sluice.client.Envelope;
import dev.sluice.client.LoggerNames;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TrustConfig;
import dev.sluice.sink.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The README's setup: with slf4j-jdk-platform-logging on the class path, Sluice's lines reach Logback. */
class Slf4jRoutingTest {

  private final Logger sluice = (Logger) LoggerFactory.getLogger("dev.sluice");
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

  @BeforeEach
  void capture() {
    captured.start();
    sluice.addAppender(captured);
    sluice.setLevel(Level.DEBUG);
  }

  @AfterEach
  void release() {
    sluice.detachAppender(captured);
    sluice.setLevel(null);
  }

  @Test
  void sessionTlsAuthAndWireLinesArriveInLogbackUnderTheirNames() throws Exception {
    assertThat(System.LoggerFinder.getLoggerFinder().getClass().getName()).contains("slf4j");
    try (SmtpSink sink = SmtpSink.builder().inMemory().tls(dev.sluice.sink.TlsMode.STARTTLS)
        .user("u@example.test", "S3cr3t-pw").start();
         SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("localhost").port(sink.port())
             .timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(1)
             .trust(TrustConfig.certificates(List.of(sink.certificate().certificate())))
             .credentials(Credentials.password("u@example.test", "S3cr3t-pw")).build())) {
      SmtpSession s = client.connect().get();
      s.send(Envelope.of("a@example.test", "b@example.test"),
          MessageContent.of("Subject: t\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII))).get();
      s.quit().get();
    }
    List<ILoggingEvent> events = List.copyOf(captured.list);
    assertThat(events).anySatisfy(e -> {
      assertThat(e.getLoggerName()).isEqualTo(LoggerNames.SESSION);
      assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
      assertThat(e.getFormattedMessage()).contains("session ready");
    });
    assertThat(events).anyMatch(e -> e.getLoggerName().equals(LoggerNames.TLS) && e.getFormattedMessage().contains("TLSv1."));
    assertThat(events).anyMatch(e -> e.getLoggerName().equals(LoggerNames.AUTH)
        && e.getFormattedMessage().contains("with PLAIN"));
    assertThat(events).anyMatch(e -> e.getLoggerName().equals(LoggerNames.WIRE)
        && e.getFormattedMessage().contains("AUTH PLAIN <redacted>"));
    // TRACE is below the DEBUG set here: the per-message line is not produced.
    assertThat(events).noneMatch(e -> e.getLoggerName().equals(LoggerNames.TRANSACTION));
    assertThat(events).noneMatch(e -> e.getFormattedMessage().contains("S3cr3t-pw"));
  }
}
