package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class SmtpSinkTest {

  @Test
  void listensOnAnEphemeralLoopbackPortAndReportsIt() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().start()) {
      assertThat(sink.port()).isPositive();
      assertThat(sink.address().getAddress().isLoopbackAddress()).isTrue();
      try (RawClient c = RawClient.connect(sink)) {
        assertThat(c.reply().code()).isEqualTo(220);
      }
    }
  }

  @Test
  void reportsAPortThatIsTakenWithTheAddress() {
    try (SmtpSink first = SmtpSink.builder().start()) {
      SmtpSink second = SmtpSink.builder().port(first.port()).build();

      assertThatThrownBy(second::start)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
      second.close();
    }
  }

  @Test
  void startsOnceAndClosesIdempotently() {
    SmtpSink sink = SmtpSink.builder().start();

    assertThatThrownBy(sink::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
    sink.close();
    sink.close();
    assertThatThrownBy(sink::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(sink::port).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void saysShuttingDownToOpenConnectionsWhenClosed() throws Exception {
    SmtpSink sink = SmtpSink.builder().start();
    try (RawClient c = RawClient.connect(sink)) {
      c.hello();

      sink.close();

      assertThat(c.reply().toString()).startsWith("421 4.3.2");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void hasNoCertificateWithoutTls() {
    try (SmtpSink sink = SmtpSink.builder().start()) {
      assertThatThrownBy(sink::certificate).isInstanceOf(IllegalStateException.class).hasMessageContaining("no TLS");
    }
  }

  @Test
  void generatesASelfSignedCertificateForLoopbackAndItsHostname() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().tls(TlsMode.STARTTLS).hostname("mx.example.test").start()) {
      assertThat(sink.certificate().certificate().getSubjectAlternativeNames())
          .extracting(n -> n.get(1).toString())
          .contains("localhost", "127.0.0.1", "mx.example.test");
    }
  }

  @Test
  void keepsMessagesOnlyInMemoryStorage() {
    try (SmtpSink sink = SmtpSink.builder().countOnly().start()) {
      assertThatThrownBy(sink::messages).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Storage.inMemory()");
    }
  }

  @Test
  void awaitingMessagesTimesOutSayingHowManyArrived() {
    try (SmtpSink sink = SmtpSink.builder().start()) {
      assertThatThrownBy(() -> sink.awaitMessages(2, Duration.ofMillis(50)))
          .isInstanceOf(TimeoutException.class)
          .hasMessageContaining("0 arrived");
    }
  }

  @Test
  void runsOnNioWhenTheNativeTransportIsTurnedOff() throws Exception {
    try (SmtpSink sink = SmtpSink.builder().nativeTransport(false).start(); RawClient c = RawClient.connect(sink)) {
      assertThat(sink.transport()).isEqualTo("nio");
      assertThat(c.hello().code()).isEqualTo(250);
    }
  }

  @Test
  void refusesInconsistentConfigurationsWhenBuilt() {
    assertThatThrownBy(() -> SmtpSink.builder().disable(Extension.CHUNKING).build())
        .hasMessageContaining("BINARYMIME needs CHUNKING");
    assertThatThrownBy(() -> SmtpSink.builder().requireAuth(true).build()).hasMessageContaining("no mechanism");
    assertThatThrownBy(() -> SmtpSink.builder().tlsProtocols("SSLv3").build()).hasMessageContaining("SSLv3");
    assertThatThrownBy(() -> SmtpSink.builder().greeting("hi\r\nthere")).hasMessageContaining("one non-empty line");
  }
}
