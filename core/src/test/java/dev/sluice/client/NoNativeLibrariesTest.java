package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.sink.SmtpSink;
import io.netty.handler.ssl.OpenSsl;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Core without any native library: run by its own surefire execution ({@code no-native-libraries}
 * in core/pom.xml) with netty-transport-classes-epoll, netty-transport-native-epoll, the io_uring jars and
 * netty-tcnative removed from the class path, as a user gets who depends on sluice-core alone.
 * STARTTLS, AUTH and a pooled bulk send work on NIO and the JDK's TLS.
 */
class NoNativeLibrariesTest {

  /** Only meaningful in its own execution (-Dtest=… would also run it where the jars are present). */
  @BeforeEach
  void onlyWithoutTheNativeJars() {
    Assumptions.assumeTrue(Boolean.getBoolean("sluice.noNativeLibraries"),
        "runs in the no-native-libraries surefire execution only");
  }

  @Test
  void runsOnNioAndJdkTlsWhenNoNativeJarIsOnTheClassPath() throws Exception {
    assertThatThrownBy(() -> Class.forName("io.netty.channel.epoll.Epoll"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(OpenSsl.isAvailable()).isFalse();
    assertThat(Transports.epollAvailable()).isFalse();
    try (SmtpSink sink = SmtpSink.builder().inMemory().tls(dev.sluice.sink.TlsMode.STARTTLS)
        .user("user@example.test", "s3cret-pass").start();
         SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("localhost").port(sink.port())
             .trust(TrustConfig.certificates(List.of(sink.certificate().certificate())))
             .credentials(Credentials.password("user@example.test", "s3cret-pass"))
             .timeouts(Timeouts.all(Duration.ofSeconds(10))).build())) {
      assertThat(sink.transport()).isEqualTo("nio");
      assertThat(Transports.name(client.group())).isEqualTo("nio");
      assertThat(client.tlsProvider()).isEqualTo("JDK");
      try (BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT)) {
        for (int i = 0; i < 20; i++) {
          Outcome o = sender.submit(Envelope.of("a@example.test", "b" + i + "@example.test"),
              MessageContent.of("Subject: " + i + "\r\n\r\nbody\r\n")).get();
          assertThat(o.status()).isEqualTo(Outcome.Status.DELIVERED);
        }
      }
      assertThat(sink.awaitMessages(20, Duration.ofSeconds(10))).hasSize(20)
          .allSatisfy(m -> assertThat(m.tlsProtocol()).startsWith("TLSv1."));
    }
  }

  @Test
  void askingForEpollWithoutItSaysWhichJarToAdd() {
    assertThatThrownBy(() -> SmtpClient.create(SmtpClientConfig.builder("localhost").transport(TransportType.EPOLL)
        .build())).isInstanceOf(IllegalStateException.class).hasMessageContaining("netty-transport-native-epoll");
  }

  @Test
  void askingForIoUringWithoutItSaysWhichJarToAdd() {
    assertThatThrownBy(() -> SmtpClient.create(SmtpClientConfig.builder("localhost").transport(TransportType.IO_URING)
        .build())).isInstanceOf(IllegalStateException.class).hasMessageContaining("netty-transport-native-io_uring");
  }
}
