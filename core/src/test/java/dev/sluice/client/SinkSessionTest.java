package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.codec.BodyType;
import dev.sluice.codec.DsnNotify;
import dev.sluice.codec.DsnReturn;
import dev.sluice.sink.AuthMechanism;
import dev.sluice.sink.Extension;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.SmtpSinkBuilder;
import dev.sluice.sink.StoredMessage;
import dev.sluice.sink.Transfer;
import dev.sluice.sink.fault.Script;
import dev.sluice.sink.fault.SmtpStep;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The client against the embedded sink: every TLS mode and mechanism, DATA and BDAT, extensions, faults. */
class SinkSessionTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String USER = "user@example.test";

  /** Sends one message to a sink made by {@code sink} with a client made by {@code client}; returns what it stored. */
  private static StoredMessage roundTrip(UnaryOperator<SmtpSinkBuilder> sink, UnaryOperator<SmtpClientConfig.Builder> client,
      Envelope envelope, byte[] message) throws Exception {
    try (SmtpSink s = sink.apply(SmtpSink.builder().inMemory()).start();
         SmtpClient c = SmtpClient.create(client.apply(config(s)).build())) {
      SmtpSession session = c.connect().get();
      SendResult r = session.send(envelope, MessageContent.of(message)).get();
      session.quit().get();
      assertThat(r.accepted()).isTrue();
      return s.awaitMessages(1, WAIT).get(0);
    }
  }

  private static SmtpClientConfig.Builder config(SmtpSink sink) {
    SmtpClientConfig.Builder b = SmtpClientConfig.builder("localhost").port(sink.port()).heloName("client.test")
        .timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(1);
    if (sink.config().tls().mode() != dev.sluice.sink.TlsMode.NONE) {
      b.trust(TrustConfig.certificates(List.of(sink.certificate().certificate())));
    }
    return b;
  }

  private static final Envelope ENVELOPE = Envelope.of("a@example.test", "b@example.test");
  private static final byte[] MESSAGE = "Subject: t\r\n\r\n.dot first\r\nbare lf\nend".getBytes(StandardCharsets.US_ASCII);
  private static final String STORED = "Subject: t\r\n\r\n.dot first\r\nbare lf\r\nend\r\n";

  @Test
  void startTlsWithPlain() throws Exception {
    StoredMessage m = roundTrip(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS).user(USER, "pw"),
        c -> c.credentials(Credentials.password(USER, "pw")), ENVELOPE, MESSAGE);
    assertThat(m.tls()).isTrue();
    assertThat(m.authenticatedUser()).isEqualTo(USER);
    assertThat(m.dataAsString()).isEqualTo(STORED);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
  void startTlsWorksWithEitherTlsProvider(TlsProvider provider) throws Exception {
    StoredMessage m = roundTrip(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS),
        c -> c.tlsProvider(provider), ENVELOPE, MESSAGE);
    assertThat(m.tlsProtocol()).isIn("TLSv1.3", "TLSv1.2");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
  void namesAnExpiredCertificateWithEitherTlsProvider(TlsProvider provider) {
    Throwable e;
    try (SmtpSink s = SmtpSink.builder().tls(dev.sluice.sink.TlsMode.STARTTLS).certificate(TestTls.expired()).start();
         SmtpClient c = SmtpClient.create(SmtpClientConfig.builder("localhost").port(s.port()).trust(TestTls.trustCa())
             .tlsProvider(provider).timeouts(Timeouts.all(Duration.ofSeconds(10))).build())) {
      e = catchThrowable(() -> c.connect().join());
    }
    assertThat(e.getCause()).isInstanceOfSatisfying(SmtpTlsException.class,
        t -> assertThat(t.reason()).isEqualTo(SmtpTlsException.Reason.CERTIFICATE_EXPIRED));
  }

  @Test
  void startTlsWithLogin() throws Exception {
    StoredMessage m = roundTrip(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS).user(USER, "pw")
            .authMechanisms(AuthMechanism.LOGIN),
        c -> c.credentials(Credentials.password(USER, "pw")), ENVELOPE, MESSAGE);
    assertThat(m.authenticatedUser()).isEqualTo(USER);
  }

  @Test
  void implicitTlsWithPlain() throws Exception {
    StoredMessage m = roundTrip(s -> s.tls(dev.sluice.sink.TlsMode.IMPLICIT).user(USER, "pw"),
        c -> c.tlsMode(TlsMode.IMPLICIT).credentials(Credentials.password(USER, "pw")), ENVELOPE, MESSAGE);
    assertThat(m.tls()).isTrue();
    assertThat(m.authenticatedUser()).isEqualTo(USER);
  }

  @Test
  void startTlsWithXoauth2() throws Exception {
    StoredMessage m = roundTrip(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS).token(USER, "tok-123"),
        c -> c.credentials(Credentials.oauth(USER, TokenSource.of("tok-123"))), ENVELOPE, MESSAGE);
    assertThat(m.authenticatedUser()).isEqualTo(USER);
  }

  @Test
  void cleartextWhenTlsIsExplicitlyOff() throws Exception {
    StoredMessage m = roundTrip(s -> s, c -> c.tlsMode(TlsMode.NONE), ENVELOPE, MESSAGE);
    assertThat(m.tls()).isFalse();
  }

  @Test
  void opportunisticUsesTlsWhenOffered() throws Exception {
    StoredMessage m = roundTrip(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS),
        c -> c.tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC), ENVELOPE, MESSAGE);
    assertThat(m.tls()).isTrue();
  }

  @Test
  void prefersBdatWhenChunkingIsOffered() throws Exception {
    StoredMessage m = roundTrip(s -> s, c -> c.tlsMode(TlsMode.NONE), ENVELOPE, MESSAGE);
    assertThat(m.transfer()).isEqualTo(Transfer.BDAT);
    assertThat(m.dataAsString()).isEqualTo(STORED);
  }

  @Test
  void usesDataWhenAskedTo() throws Exception {
    StoredMessage m = roundTrip(s -> s, c -> c.tlsMode(TlsMode.NONE).chunking(ChunkingPolicy.DATA_ONLY), ENVELOPE,
        MESSAGE);
    assertThat(m.transfer()).isEqualTo(Transfer.DATA);
    assertThat(m.dataAsString()).isEqualTo(STORED);
  }

  @Test
  void sendsBinaryMimeByBdatByteForByte() throws Exception {
    byte[] binary = {0, 1, '\n', '.', '\r', (byte) 0xff, '\r', '\n'};
    try (SmtpSink s = SmtpSink.builder().inMemory().start();
         SmtpClient c = SmtpClient.create(config(s).tlsMode(TlsMode.NONE).build())) {
      SmtpSession session = c.connect().get();
      session.send(ENVELOPE, MessageContent.binary(io.netty.buffer.Unpooled.wrappedBuffer(binary))).get();
      session.quit().get();
      StoredMessage m = s.awaitMessages(1, WAIT).get(0);
      assertThat(m.data()).isEqualTo(binary);
      assertThat(m.body()).isEqualTo(BodyType.BINARY_MIME);
    }
  }

  @Test
  void declares8BitMimeAndDeliversEightBitBytesExactly() throws Exception {
    byte[] eight = "Subject: Grüße\r\n\r\nÄÖÜ\r\n".getBytes(StandardCharsets.UTF_8);
    StoredMessage m = roundTrip(s -> s, c -> c.tlsMode(TlsMode.NONE).chunking(ChunkingPolicy.DATA_ONLY), ENVELOPE,
        eight);
    assertThat(m.data()).isEqualTo(eight);
    assertThat(m.body()).isEqualTo(BodyType.EIGHT_BIT_MIME);
  }

  @Test
  void sendsNonAsciiAddressesWithSmtpUtf8() throws Exception {
    StoredMessage m = roundTrip(s -> s, c -> c.tlsMode(TlsMode.NONE),
        Envelope.of("jürgen@bücher.example", "zoë@example.test"), MESSAGE);
    assertThat(m.smtpUtf8()).isTrue();
    assertThat(m.from()).isEqualTo("jürgen@bücher.example");
    assertThat(m.recipientAddresses()).containsExactly("zoë@example.test");
  }

  @Test
  void sendsDsnParameters() throws Exception {
    Envelope withDsn = ENVELOPE.withDsn(new Envelope.Dsn(DsnReturn.HDRS, "env-42", Set.of(DsnNotify.FAILURE,
        DsnNotify.DELAY), true));
    StoredMessage m = roundTrip(s -> s, c -> c.tlsMode(TlsMode.NONE), withDsn, MESSAGE);
    assertThat(m.dsnReturn()).isEqualTo(DsnReturn.HDRS);
    assertThat(m.envelopeId()).isEqualTo("env-42");
    assertThat(m.recipients().get(0).dsnNotify()).containsExactlyInAnyOrder(DsnNotify.FAILURE, DsnNotify.DELAY);
    assertThat(m.recipients().get(0).originalRecipient()).isEqualTo("b@example.test");
  }

  @Test
  void refusesAMessageOverTheSizeLimitBeforeSendingIt() throws Exception {
    try (SmtpSink s = SmtpSink.builder().inMemory().maxMessageSize(100).start();
         SmtpClient c = SmtpClient.create(config(s).tlsMode(TlsMode.NONE).build())) {
      SmtpSession session = c.connect().get();
      Throwable e = catchThrowable(() -> session.send(ENVELOPE, MessageContent.of(new byte[200])).join());
      session.quit().get();
      assertThat(e).hasCauseInstanceOf(MessageRefusedException.class);
      assertThat(s.counters().commands()).as("EHLO and QUIT only").isEqualTo(2);
    }
  }

  @Test
  void reportsPartialRecipientFailure() throws Exception {
    Script script = Script.builder().thenProceed(SmtpStep.RCPT).thenReply(SmtpStep.RCPT, 550, "5.1.1 No such user")
        .build();
    try (SmtpSink s = SmtpSink.builder().inMemory().script(script).start();
         SmtpClient c = SmtpClient.create(config(s).tlsMode(TlsMode.NONE).build())) {
      SmtpSession session = c.connect().get();
      SendResult r = session.send(Envelope.of("a@example.test", "ok@example.test", "gone@example.test"),
          MessageContent.of(MESSAGE)).get();
      session.quit().get();
      assertThat(r.acceptedRecipients()).extracting(RecipientResult::address).containsExactly("ok@example.test");
      assertThat(r.rejectedRecipients()).singleElement().satisfies(x -> {
        assertThat(x.reply().code()).isEqualTo(550);
        assertThat(x.reply().hasStatus(5, 1, 1)).isTrue();
      });
      assertThat(s.awaitMessages(1, WAIT).get(0).recipientAddresses()).containsExactly("ok@example.test");
    }
  }

  @Test
  void pipelinesManyMessagesOnOneSession() throws Exception {
    try (SmtpSink s = SmtpSink.builder().inMemory().disable(Extension.CHUNKING, Extension.BINARYMIME).start();
         SmtpClient c = SmtpClient.create(config(s).tlsMode(TlsMode.NONE).build())) {
      SmtpSession session = c.connect().get();
      List<CompletableFuture<SendResult>> all = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        all.add(session.send(Envelope.of("a@example.test", "r" + i + "@example.test"),
            MessageContent.of("Subject: " + i + "\r\n\r\nbody " + i + "\r\n")));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
      session.quit().get();
      assertThat(s.awaitMessages(200, WAIT)).extracting(m -> m.recipientAddresses().get(0))
          .containsExactlyElementsOf(all.stream().map(f -> f.join().recipients().get(0).address()).toList());
    }
  }

  @Test
  void treats421FromTheSinkAsTransientAndTheSessionAsEnded() throws Exception {
    try (SmtpSink s = SmtpSink.builder().inMemory().fault("mail:421 4.4.2 rate exceeded").start();
         SmtpClient c = SmtpClient.create(config(s).tlsMode(TlsMode.NONE).build())) {
      SmtpSession session = c.connect().get();
      Throwable e = catchThrowable(() -> session.send(ENVELOPE, MessageContent.of(MESSAGE)).join());
      assertThat(e.getCause()).isInstanceOfSatisfying(SmtpRejectedException.class, r -> {
        assertThat(r.isTransient()).isTrue();
        assertThat(r.hint()).contains("slow down");
      });
      session.closeFuture().get();
      assertThat(session.isUsable()).isFalse();
    }
  }
}
