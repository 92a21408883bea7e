package dev.sluice.it.sinkmatrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.sluice.it.peers.Clients;
import dev.sluice.sink.TlsMode;
import dev.sluice.testkit.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The sink matrix for one kind of sink: TLS none / STARTTLS / implicit × Angus Mail, swaks, smtplib
 * × each AUTH mechanism the client and the sink share. One sink per TLS mode for the class; every
 * case checks that the sink stored exactly the bytes the client sent, from the envelope sender it
 * gave, over TLS when there was TLS, for the user that authenticated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SinkMatrix {

  static final String USER = "user@example.test";
  static final String PASSWORD = "secret";
  static final String TOKEN = "ya29.sluice-test-token";
  static final List<TlsMode> MODES = List.of(TlsMode.NONE, TlsMode.STARTTLS, TlsMode.IMPLICIT);
  static final List<IndependentClient> CLIENTS = List.of(new AngusClient(), new SwaksClient(), new SmtplibClient());

  private static final Duration STORED = Duration.ofSeconds(20);
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final Map<TlsMode, SinkUnderTest> sinks = new EnumMap<>(TlsMode.class);
  private Path dir;
  private TestPki pki;

  /** Starts a sink in this TLS mode, presenting {@code pki}'s certificate. */
  abstract SinkUnderTest start(TlsMode mode, TestPki pki, Path dir);

  /** The mechanisms to try with this client (what it and the sink share). */
  List<String> mechanisms(IndependentClient client) {
    return client.mechanisms();
  }

  @BeforeAll
  final void startSinks() throws IOException {
    dir = Files.createTempDirectory("sluice-sinkmatrix-");
    pki = new TestPki(dir);
    for (TlsMode mode : MODES) {
      sinks.put(mode, start(mode, pki, dir));
    }
  }

  @AfterAll
  final void stopSinks() throws IOException {
    sinks.values().forEach(SinkUnderTest::close);
    if (dir != null) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicNode> sinkMatrix() {
    return MODES.stream().map(mode -> dynamicContainer("TLS " + mode.name().toLowerCase(Locale.ROOT),
        CLIENTS.stream().map(client -> dynamicContainer(client.name(), mechanisms(client).stream()
            .map(mechanism -> dynamicTest("AUTH " + mechanism,
                () -> storesExactlyWhatTheClientSent(mode, client, mechanism)))))));
  }

  private void storesExactlyWhatTheClientSent(TlsMode mode, IndependentClient client, String mechanism)
      throws Exception {
    SinkUnderTest sink = sinks.get(mode);
    int n = SEQUENCE.incrementAndGet();
    String from = "sender-" + n + "@example.test";
    String to = "rcpt-" + n + "@example.test";

    byte[] sent = client.send(sink, pki, mechanism, from, to);

    Received stored = sink.await(to, STORED);
    assertThat(Vectors.escape(new String(stored.data(), StandardCharsets.ISO_8859_1)))
        .isEqualTo(Vectors.escape(new String(sent, StandardCharsets.ISO_8859_1)));
    assertThat(stored.from()).isEqualTo(from);
    assertThat(stored.tls()).as("over TLS").isEqualTo(mode != TlsMode.NONE);
    assertThat(stored.authenticatedUser()).isEqualTo(USER);
  }

  /** The message swaks and smtplib send: plain ASCII, with lines that need dot-stuffing. */
  static byte[] message(String client, String from, String to) {
    return ("From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + client + " to the sink\r\n"
        + "Message-ID: <" + to.replace('@', '.') + "@client.example.test>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
        + ".a line starting with a dot\r\n..two dots\r\ntrailing spaces   \r\n\r\nthe last line\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** What SMTP makes of line endings: every bare CR or LF becomes CRLF, and the data ends with one. */
  static byte[] crlf(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace('\r', '\n')
        .replace("\n", "\r\n");
    return (s.endsWith("\r\n") ? s : s + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  static Clients.Security security(TlsMode mode) {
    return switch (mode) {
      case NONE -> Clients.Security.PLAIN;
      case STARTTLS -> Clients.Security.STARTTLS;
      case IMPLICIT -> Clients.Security.TLS;
    };
  }
}
