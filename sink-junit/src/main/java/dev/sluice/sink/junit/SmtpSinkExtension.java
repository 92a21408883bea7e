package dev.sluice.sink.junit;

import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.SmtpSinkBuilder;
import dev.sluice.sink.StoredMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-memory {@link SmtpSink} for JUnit 5 tests.
 *
 * <pre>{@code
 * @RegisterExtension
 * static SmtpSinkExtension sink = SmtpSinkExtension.create();          // or create(b -> b.tls(TlsMode.STARTTLS))
 *
 * @Test
 * void sendsTheWelcomeMail() throws Exception {
 *   app.register("ann@example.test");                                  // sends to sink.port()
 *   ReceivedMessage m = sink.awaitMessages(1, Duration.ofSeconds(5)).get(0);
 *   assertThat(m.subject()).isEqualTo("Welcome");
 *   assertThat(m.attachments()).extracting(ReceivedMessage.Part::fileName).containsExactly("terms.pdf");
 * }
 * }</pre>
 *
 * <p>In a static field the sink starts once for the class and is emptied before each test; in an
 * instance field it starts and stops around each test. It listens on 127.0.0.1, on an ephemeral
 * port, without TLS unless the customiser says otherwise, and always keeps messages in memory.
 */
public final class SmtpSinkExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {

  private final UnaryOperator<SmtpSinkBuilder> customiser;
  private SmtpSink sink;
  private boolean perClass;

  private SmtpSinkExtension(UnaryOperator<SmtpSinkBuilder> customiser) {
    this.customiser = customiser;
  }

  /** A plain sink: loopback, ephemeral port, no TLS, no AUTH. */
  public static SmtpSinkExtension create() {
    return new SmtpSinkExtension(UnaryOperator.identity());
  }

  /** A sink configured by {@code customiser} (TLS, users, faults, a message handler…). */
  public static SmtpSinkExtension create(UnaryOperator<SmtpSinkBuilder> customiser) {
    return new SmtpSinkExtension(customiser);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (perClass) {
      sink.clearMessages();
    } else {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    }
  }

  private synchronized void start() {
    sink = customiser.apply(SmtpSink.builder().bind("127.0.0.1").port(0)).inMemory().start();
  }

  private synchronized void stop() {
    if (sink != null) {
      sink.close();
      sink = null;
    }
  }

  /** The running sink (counters, certificate, configuration). */
  public synchronized SmtpSink sink() {
    if (sink == null) {
      throw new IllegalStateException("the sink runs only during a test: register the extension with"
          + " @RegisterExtension");
    }
    return sink;
  }

  public String host() {
    return sink().address().getHostString();
  }

  public int port() {
    return sink().port();
  }

  /** The messages received since the test started, in order. */
  public List<ReceivedMessage> messages() {
    return wrap(sink().messages());
  }

  /**
   * Waits until {@code count} messages arrived in this test and returns them (all of them, when more came).
   *
   * @throws AssertionError naming how many arrived when {@code timeout} passes first
   */
  public List<ReceivedMessage> awaitMessages(int count, Duration timeout) throws InterruptedException {
    try {
      return wrap(sink().awaitMessages(count, timeout));
    } catch (TimeoutException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private static List<ReceivedMessage> wrap(List<StoredMessage> messages) {
    return messages.stream().map(ReceivedMessage::new).toList();
  }
}
