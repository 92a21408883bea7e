package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.codec.EhloCapabilities;
import dev.sluice.codec.SmtpReply;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.SmtpSinkBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A {@link SetupListener} hears every successful setup step, in order, and cannot break a session. */
class SetupListenerTest {

  private static final String USER = "user@example.test";

  /** Records each event as one short line. */
  private static final class Recorder implements SetupListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void connected(InetSocketAddress remote) {
      events.add("connected " + remote.getAddress().getHostAddress());
    }

    @Override
    public void greeting(SmtpReply reply) {
      events.add("greeting " + reply.code());
    }

    @Override
    public void ehlo(EhloCapabilities capabilities, boolean tls) {
      events.add("ehlo tls=" + tls + " starttls=" + capabilities.startTls() + " auth=" + capabilities.authMechanisms());
    }

    @Override
    public void startTls(SmtpReply reply) {
      events.add("starttls " + reply.code());
    }

    @Override
    public void tlsEstablished(TlsInfo tls) {
      events.add("tls " + (tls.implicit() ? "implicit" : "starttls") + " chain=" + tls.peerCertificates().size());
    }
  }

  private static Throwable connect(UnaryOperator<SmtpSinkBuilder> sink, UnaryOperator<SmtpClientConfig.Builder> client,
      SetupListener listener) throws Exception {
    try (SmtpSink s = sink.apply(SmtpSink.builder()).start();
         SmtpClient c = SmtpClient.create(client.apply(SmtpClientConfig.builder("localhost").port(s.port())
             .heloName("client.test").trust(TrustConfig.certificates(List.of(s.certificate().certificate())))
             .timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(1)).build())) {
      Throwable error = catchThrowable(() -> c.connect(listener).join().quit().join());
      return error == null ? null : Futures.unwrap(error);
    }
  }

  @Test
  void hearsEveryStepOfAStartTlsSetupInOrder() throws Exception {
    Recorder r = new Recorder();
    Throwable error = connect(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS).user(USER, "pw"),
        c -> c.credentials(Credentials.password(USER, "pw")), r);

    assertThat(error).isNull();
    assertThat(r.events).containsExactly("connected 127.0.0.1", "greeting 220",
        "ehlo tls=false starttls=true auth=[]", "starttls 220", "tls starttls chain=1",
        "ehlo tls=true starttls=false auth=[PLAIN, LOGIN]");
  }

  @Test
  void hearsTheHandshakeBeforeTheGreetingWithImplicitTls() throws Exception {
    Recorder r = new Recorder();
    Throwable error = connect(s -> s.tls(dev.sluice.sink.TlsMode.IMPLICIT), c -> c.tlsMode(TlsMode.IMPLICIT), r);

    assertThat(error).isNull();
    assertThat(r.events).containsExactly("connected 127.0.0.1", "tls implicit chain=1", "greeting 220",
        "ehlo tls=true starttls=false auth=[]");
  }

  @Test
  void hearsTheGreetingEvenWhenItRefusesTheSession() throws Exception {
    Recorder r = new Recorder();
    Throwable error = connect(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS).fault("connect:554 5.3.2 no service"),
        c -> c, r);

    assertThat(error).isInstanceOf(SmtpRejectedException.class);
    assertThat(r.events).containsExactly("connected 127.0.0.1", "greeting 554");
  }

  @Test
  void announcesNothingAfterTheStepThatFailed() throws Exception {
    Recorder r = new Recorder();
    Throwable error = connect(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS).fault("starttls:454 4.7.0 TLS not available"),
        c -> c, r);

    assertThat(error).isInstanceOfSatisfying(SmtpTlsException.class,
        e -> assertThat(e.reason()).isEqualTo(SmtpTlsException.Reason.STARTTLS_REFUSED));
    assertThat(r.events).containsExactly("connected 127.0.0.1", "greeting 220", "ehlo tls=false starttls=true auth=[]");
  }

  @Test
  void aListenerThatThrowsCannotBreakTheSession() throws Exception {
    SetupListener throwing = new SetupListener() {
      @Override
      public void greeting(SmtpReply reply) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void tlsEstablished(TlsInfo tls) {
        throw new IllegalStateException("listener bug");
      }
    };
    Throwable error = connect(s -> s.tls(dev.sluice.sink.TlsMode.STARTTLS), c -> c, throwing);

    assertThat(error).isNull();
  }
}
