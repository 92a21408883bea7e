package dev.sluice.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import dev.sluice.sink.TlsMode;
import dev.sluice.sink.handler.MessageHandler;
import dev.sluice.sink.handler.Verdict;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.event.TransportListener;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.NewsAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SluiceTransportTest {

  private static final String USER = "app@example.test";
  private static final String PASSWORD = "s3cret-for-tests";

  /** Refuses the local parts "gone" (550) and "later" (451); accepts the rest. */
  private static final MessageHandler HANDLER = new MessageHandler() {
    @Override
    public Verdict recipient(String from, dev.sluice.sink.Recipient r) {
      return r.address().startsWith("gone@") ? Verdict.reject(550, "5.1.1 no such user")
          : r.address().startsWith("later@") ? Verdict.reject(451, "4.2.1 try again later")
          : Verdict.accept();
    }
  };

  static SmtpSink sink;
  static Path caFile;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    sink = SmtpSink.builder().bind("127.0.0.1").port(0).tls(TlsMode.STARTTLS).user(USER, PASSWORD)
        .requireAuth(true).inMemory().handler(HANDLER).start();
    caFile = tmp.resolve("sink.pem");
    Files.writeString(caFile, sink.certificate().certificatePem());
  }

  @AfterAll
  static void stop() {
    SharedSenders.closeIdle();
    sink.close();
  }

  @AfterEach
  void clear() {
    sink.clearMessages();
  }

  private static Properties sluiceProps() {
    Properties p = new Properties();
    p.put("mail.transport.protocol", "sluice");
    p.put("mail.transport.protocol.rfc822", "sluice");
    p.put("mail.sluice.host", "127.0.0.1");
    p.put("mail.sluice.port", Integer.toString(sink.port()));
    p.put("mail.sluice.ca-file", caFile.toString());
    p.put("mail.sluice.localhost", "client.example.test");
    return p;
  }

  private static MimeMessage message(Session session, String... to) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress("Sender <sender@example.test>"));
    for (String t : to) {
      m.addRecipient(Message.RecipientType.TO, new InternetAddress(t));
    }
    m.setSubject("Grüße from Jakarta Mail", "UTF-8");
    m.setText("Hello through the sluice provider.\n.leading dot\n", "UTF-8");
    return m;
  }

  @Test
  void transportSendDeliversWithStartTlsAndAuthAndStripsBcc() throws Exception {
    Properties p = sluiceProps();
    p.put("mail.sluice.auth", "true");
    p.put("mail.sluice.user", USER);
    p.put("mail.sluice.password", PASSWORD);
    Session session = Session.getInstance(p);
    MimeMessage m = message(session, "to@example.test");
    m.addRecipient(Message.RecipientType.CC, new InternetAddress("cc@example.test"));
    m.addRecipient(Message.RecipientType.BCC, new InternetAddress("hidden@example.test"));

    Transport.send(m);

    StoredMessage got = sink.awaitMessages(1, Duration.ofSeconds(10)).get(0);
    assertThat(got.from()).isEqualTo("sender@example.test");
    assertThat(got.recipientAddresses()).containsExactly("to@example.test", "cc@example.test", "hidden@example.test");
    assertThat(got.tls()).isTrue();
    assertThat(got.authenticatedUser()).isEqualTo(USER);
    MimeMessage parsed = new MimeMessage(session, new java.io.ByteArrayInputStream(got.data()));
    assertThat(parsed.getHeader("Bcc")).isNull();
    assertThat(parsed.getSubject()).isEqualTo("Grüße from Jakarta Mail");
    assertThat(((String) parsed.getContent()).replace("\r\n", "\n")).isEqualTo("Hello through the sluice provider.\n.leading dot\n");
    assertThat(parsed.getMessageID()).isEqualTo(m.getMessageID());
  }

  @Test
  void connectWithUserAndPasswordFiresTransportEvents() throws Exception {
    Session session = Session.getInstance(sluiceProps());
    MimeMessage m = message(session, "a@example.test", "b@example.test");
    List<TransportEvent> events = new CopyOnWriteArrayList<>();
    try (Transport t = session.getTransport()) {
      assertThat(t).isInstanceOf(SluiceTransport.class);
      t.addTransportListener(recorder(events));
      t.connect(USER, PASSWORD);
      m.saveChanges();
      t.sendMessage(m, m.getAllRecipients());
      awaitEvent(events); // before close(): see awaitEvent
    }
    assertThat(sink.awaitMessages(1, Duration.ofSeconds(10)).get(0).recipientAddresses())
        .containsExactly("a@example.test", "b@example.test");
    TransportEvent e = events.get(0);
    assertThat(e.getType()).isEqualTo(TransportEvent.MESSAGE_DELIVERED);
    assertThat(e.getValidSentAddresses()).extracting(Address::toString)
        .containsExactly("a@example.test", "b@example.test");
  }

  @Test
  void reportsValidSentValidUnsentAndInvalidFromPerRecipientReplies() throws Exception {
    Session session = Session.getInstance(sluiceProps());
    MimeMessage m = message(session, "ok@example.test", "gone@example.test", "later@example.test");
    Address[] to = {new InternetAddress("ok@example.test"), new InternetAddress("gone@example.test"),
        new InternetAddress("later@example.test"), new NewsAddress("comp.mail.misc")};
    List<TransportEvent> events = new CopyOnWriteArrayList<>();
    SendFailedException failure;
    try (Transport t = session.getTransport()) {
      t.addTransportListener(recorder(events));
      t.connect(USER, PASSWORD);
      m.saveChanges();
      failure = (SendFailedException) org.assertj.core.api.Assertions.catchThrowable(() -> t.sendMessage(m, to));
      awaitEvent(events);
    }
    assertThat(failure).isNotNull().hasMessageContaining("sent to 1 of 4").hasMessageContaining("5.1.1 no such user");
    assertThat(failure.getValidSentAddresses()).extracting(Address::toString).containsExactly("ok@example.test");
    assertThat(failure.getValidUnsentAddresses()).extracting(Address::toString).containsExactly("later@example.test");
    assertThat(failure.getInvalidAddresses()).extracting(Address::toString)
        .containsExactlyInAnyOrder("gone@example.test", "comp.mail.misc");
    assertThat(sink.awaitMessages(1, Duration.ofSeconds(10)).get(0).recipientAddresses())
        .containsExactly("ok@example.test");
    assertThat(events.get(0).getType()).isEqualTo(TransportEvent.MESSAGE_PARTIALLY_DELIVERED);
  }

  @Test
  void everyRecipientRefusedIsNotDelivered() throws Exception {
    Session session = Session.getInstance(sluiceProps());
    MimeMessage m = message(session, "gone@example.test", "later@example.test");
    List<TransportEvent> events = new CopyOnWriteArrayList<>();
    try (Transport t = session.getTransport()) {
      t.addTransportListener(recorder(events));
      t.connect(USER, PASSWORD);
      m.saveChanges();
      assertThatThrownBy(() -> t.sendMessage(m, m.getAllRecipients()))
          .isInstanceOfSatisfying(SendFailedException.class, e -> {
            assertThat(e.getValidSentAddresses()).isEmpty();
            assertThat(e.getInvalidAddresses()).extracting(Address::toString).containsExactly("gone@example.test");
            assertThat(e.getValidUnsentAddresses()).extracting(Address::toString).containsExactly("later@example.test");
          });
      awaitEvent(events);
    }
    assertThat(events.get(0).getType()).isEqualTo(TransportEvent.MESSAGE_NOT_DELIVERED);
    assertThat(sink.messages()).isEmpty();
  }

  @Test
  void wrongPasswordFailsAtConnect() {
    Session session = Session.getInstance(sluiceProps());
    assertThatThrownBy(() -> {
      try (Transport t = session.getTransport()) {
        t.connect(USER, "wrong");
      }
    }).isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("535");
  }

  @Test
  void untrustedCertificateFailsAtConnectAndNeverFallsBackToCleartext() {
    Properties p = sluiceProps();
    p.remove("mail.sluice.ca-file");
    assertThatThrownBy(() -> {
      try (Transport t = Session.getInstance(p).getTransport()) {
        t.connect(USER, PASSWORD);
      }
    }).isInstanceOf(MessagingException.class).hasMessageContaining("cannot connect");
    assertThat(sink.messages()).isEmpty();
  }

  @Test
  void anUnreadableCaFileFailsAtConnectAsAMessagingException() {
    Properties p = sluiceProps();
    p.put("mail.sluice.ca-file", tmp.resolve("missing.pem").toString());
    assertThatThrownBy(() -> {
      try (Transport t = Session.getInstance(p).getTransport()) {
        t.connect(USER, PASSWORD);
      }
    }).isExactlyInstanceOf(MessagingException.class).hasMessageContaining("missing.pem");
  }

  @Test
  void readsMailSmtpPropertiesAsFallbacks() throws Exception {
    Properties p = new Properties();
    p.put("mail.transport.protocol", "sluice");
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", Integer.toString(sink.port()));
    p.put("mail.smtp.auth", "true");
    p.put("mail.smtp.user", USER);
    p.put("mail.smtp.localhost", "fallback.example.test");
    p.put("mail.sluice.ca-file", caFile.toString());
    Session session = Session.getInstance(p);
    MimeMessage m = message(session, "x@example.test");
    try (Transport t = session.getTransport()) {
      t.connect(null, PASSWORD);
      m.saveChanges();
      t.sendMessage(m, m.getAllRecipients());
    }
    StoredMessage got = sink.awaitMessages(1, Duration.ofSeconds(10)).get(0);
    assertThat(got.heloName()).isEqualTo("fallback.example.test");
    assertThat(got.authenticatedUser()).isEqualTo(USER);
  }

  @Test
  void transportsWithEqualSettingsShareOnePool() throws Exception {
    Properties p = sluiceProps();
    p.put("mail.sluice.user", USER);
    p.put("mail.sluice.password", PASSWORD);
    p.put("mail.sluice.pool.maxConnections", "2");
    Session session = Session.getInstance(p);
    long connectionsBefore = sink.counters().connections();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> sends = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        sends.add(threads.submit(() -> {
          MimeMessage m = message(session, "r" + n + "@example.test");
          Transport.send(m);
          return null;
        }));
      }
      for (Future<?> f : sends) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(sink.awaitMessages(40, Duration.ofSeconds(10))).hasSize(40);
    // one checking connection when the shared sender was made, then at most the pool's two
    assertThat(sink.counters().connections() - connectionsBefore).isBetween(2L, 3L);
  }

  @Test
  void largeMessagesAreSpooledToAFileAndTheFileIsDeleted(@TempDir Path spool) throws Exception {
    Session session = Session.getInstance(sluiceProps());
    MimeMessage m = message(session, "big@example.test");
    jakarta.mail.internet.MimeMultipart mp = new jakarta.mail.internet.MimeMultipart();
    jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
    text.setText("see attachment", "UTF-8");
    jakarta.mail.internet.MimeBodyPart file = new jakarta.mail.internet.MimeBodyPart();
    byte[] payload = new byte[300_000];
    new java.util.Random(1).nextBytes(payload);
    Path attachment = spool.resolve("payload.bin");
    Files.write(attachment, payload);
    file.attachFile(attachment.toFile());
    mp.addBodyPart(text);
    mp.addBodyPart(file);
    m.setContent(mp);
    m.saveChanges();
    Path dir = Files.createDirectory(spool.resolve("spool"));
    try (WrittenMessage written = MessageContents.write(m, 64 * 1024, dir)) {
      assertThat(written.spoolFile()).isPresent();
      assertThat(Files.size(written.spoolFile().get())).isGreaterThan(300_000);
      try (dev.sluice.client.SmtpClient client = dev.sluice.client.SmtpClient.create(
          ProviderSettings.read(sluiceProps(), null, -1, USER, PASSWORD).clientConfig())) {
        dev.sluice.client.SmtpSession s = client.connect().join();
        s.send(MessageContents.envelope(m), written.content()).join();
        s.quit().join();
      }
    }
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
    StoredMessage got = sink.awaitMessages(1, Duration.ofSeconds(10)).get(0);
    MimeMessage parsed = new MimeMessage(session, new java.io.ByteArrayInputStream(got.data()));
    jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) parsed.getContent();
    assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(payload);
  }

  @Test
  void messageContentsOfWritesOnceInMemory() throws Exception {
    Session session = Session.getInstance(new Properties());
    MimeMessage m = message(session, "to@example.test");
    m.addRecipient(Message.RecipientType.BCC, new InternetAddress("bcc@example.test"));
    dev.sluice.client.MessageContent c = MessageContents.of(m);
    try {
      dev.sluice.client.MessageContent.InMemory mem = (dev.sluice.client.MessageContent.InMemory) c;
      io.netty.buffer.ByteBuf data = mem.retainedData();
      String text = data.toString(StandardCharsets.UTF_8);
      data.release();
      assertThat(text).contains("To: to@example.test").doesNotContain("Bcc").doesNotContain("bcc@example.test");
      assertThat(MessageContents.envelope(m).recipients()).containsExactly("to@example.test", "bcc@example.test");
    } finally {
      c.release();
    }
  }

  private static TransportListener recorder(List<TransportEvent> events) {
    return new TransportListener() {
      @Override
      public void messageDelivered(TransportEvent e) {
        events.add(e);
      }

      @Override
      public void messageNotDelivered(TransportEvent e) {
        events.add(e);
      }

      @Override
      public void messagePartiallyDelivered(TransportEvent e) {
        events.add(e);
      }
    };
  }

  /**
   * Jakarta Mail delivers events on its own thread, started at the first event; {@code close()}
   * ends that queue, and a dispatcher thread that had not started yet by then drops what was queued
   * (EventQueue.run reads a field close() has already cleared). Waiting before close() is what an
   * application relying on events must do with any provider, Angus Mail's included.
   */
  private static TransportEvent awaitEvent(List<TransportEvent> events) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (events.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(events).hasSize(1);
    return events.get(0);
  }
}
