package dev.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.client.bulk.RetryPolicy;
import dev.sluice.route.dns.DnsLookupException;
import dev.sluice.route.shaping.Limits;
import dev.sluice.route.shaping.Shaping;
import dev.sluice.route.tls.TlsPolicy;
import dev.sluice.route.tls.TlsVerdict;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import dev.sluice.sink.TlsMode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router against sinks on 127.0.0.2, 127.0.0.3…, with DNS answers from a map. */
class RouterTest {

  private static final String MESSAGE = "Subject: routed\r\n\r\nhello\r\n";

  private EventLoopGroup group;
  private Sinks sinks;
  private final FakeResolver dns = new FakeResolver();

  @BeforeEach
  void setUp() {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    sinks = new Sinks();
  }

  @AfterEach
  void tearDown() {
    sinks.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private RouterConfig.Builder config() {
    return RouterConfig.builder().heloName("client.test").port(sinks.port())
        .shaping(Shaping.DEFAULT.withAllowPrivateMx(true).withSuspension(Duration.ofMillis(300), Duration.ofSeconds(1)))
        .timeouts(Timeouts.all(Duration.ofSeconds(5)))
        .retry(new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100), 2));
  }

  private MessageOutcome send(RouterConfig config, String from, String... to) throws Exception {
    try (Router router = Router.create(config, group, dns)) {
      MessageOutcome o = router.submit(Envelope.of(from, to), MessageContent.of(MESSAGE)).get(30, TimeUnit.SECONDS);
      RouterStats s = router.stats();
      assertThat(s.submitted()).isEqualTo(1);
      assertThat(s.finished()).isEqualTo(1);
      assertThat(s.recipientsDelivered() + s.recipientsRejected() + s.recipientsFailed() + s.recipientsUnknown())
          .isEqualTo(to.length);
      return o;
    }
  }

  private MessageOutcome send(String from, String... to) throws Exception {
    return send(config().build(), from, to);
  }

  @Test
  void deliversEachDomainToItsOwnMx() throws Exception {
    SmtpSink a = sinks.start("127.0.0.2");
    SmtpSink b = sinks.start("127.0.0.3");
    dns.mx("a.test", 10, "mx.a.test").host("mx.a.test", "127.0.0.2")
        .mx("b.test", 10, "mx.b.test").host("mx.b.test", "127.0.0.3");

    MessageOutcome o = send("me@client.test", "x@a.test", "y@b.test");

    assertThat(o.status()).isEqualTo(MessageOutcome.Status.DELIVERED);
    assertThat(o.recipients()).extracting(RecipientOutcome::mxHost).containsExactly("mx.a.test", "mx.b.test");
    assertThat(a.awaitMessages(1, Duration.ofSeconds(5)).get(0).recipientAddresses()).containsExactly("x@a.test");
    assertThat(b.awaitMessages(1, Duration.ofSeconds(5)).get(0).recipientAddresses()).containsExactly("y@b.test");
  }

  @Test
  void domainsSharingAnMxSetShareOneTransaction() throws Exception {
    SmtpSink shared = sinks.start("127.0.0.2");
    dns.mx("a.test", 10, "mx.shared.test").mx("b.test", 10, "mx.shared.test").host("mx.shared.test", "127.0.0.2");

    MessageOutcome o = send("me@client.test", "x@a.test", "y@b.test", "z@a.test");

    assertThat(o.status()).isEqualTo(MessageOutcome.Status.DELIVERED);
    List<StoredMessage> stored = shared.awaitMessages(1, Duration.ofSeconds(5));
    Thread.sleep(100);
    assertThat(shared.messages()).hasSize(1);
    assertThat(stored.get(0).recipientAddresses()).containsExactlyInAnyOrder("x@a.test", "y@b.test", "z@a.test");
  }

  @Test
  void failsOverToTheNextMxWhenTheFirstRefusesTheConnection() throws Exception {
    SmtpSink backup = sinks.start("127.0.0.3");
    dns.mx("a.test", 10, "mx1.a.test", 20, "mx2.a.test").host("mx1.a.test", "127.0.0.9")
        .host("mx2.a.test", "127.0.0.3");

    MessageOutcome o = send("me@client.test", "x@a.test");

    assertThat(o.recipients().get(0).status()).isEqualTo(Outcome.Status.DELIVERED);
    assertThat(o.recipients().get(0).mxHost()).isEqualTo("mx2.a.test");
    assertThat(backup.awaitMessages(1, Duration.ofSeconds(5))).hasSize(1);
  }

  @Test
  void failsOverWhenTheFirstMxGreetsWith421() throws Exception {
    SmtpSink busy = sinks.start("127.0.0.2", b -> b.fault("connect:421 4.3.2 too busy"));
    SmtpSink backup = sinks.start("127.0.0.3");
    dns.mx("a.test", 10, "mx1.a.test", 20, "mx2.a.test").host("mx1.a.test", "127.0.0.2")
        .host("mx2.a.test", "127.0.0.3");

    MessageOutcome o = send("me@client.test", "x@a.test");

    assertThat(o.recipients().get(0).mxHost()).isEqualTo("mx2.a.test");
    assertThat(backup.awaitMessages(1, Duration.ofSeconds(5))).hasSize(1);
    assertThat(busy.messages()).isEmpty();
    assertThat(busy.counters().connections()).isPositive();
  }

  @Test
  void nullMxAndNxdomainAreRejectedForGoodAndServfailFailsAfterRetries() throws Exception {
    SmtpSink a = sinks.start("127.0.0.2");
    dns.mx("a.test", 10, "mx.a.test").host("mx.a.test", "127.0.0.2").mx("null.test", 0, "")
        .fail("servfail.test", DnsLookupException.Kind.SERVFAIL);

    MessageOutcome o = send("me@client.test", "x@a.test", "n@null.test", "g@gone.test", "s@servfail.test");

    assertThat(o.status()).isEqualTo(MessageOutcome.Status.PARTIAL);
    assertThat(o.recipients()).extracting(RecipientOutcome::status).containsExactly(Outcome.Status.DELIVERED,
        Outcome.Status.REJECTED, Outcome.Status.REJECTED, Outcome.Status.FAILED);
    assertThat(o.recipients().get(1).detail()).startsWith("permanent").contains("null MX");
    assertThat(o.recipients().get(2).detail()).startsWith("permanent").contains("NXDOMAIN");
    assertThat(o.recipients().get(3).detail()).startsWith("transient").contains("SERVFAIL");
    assertThat(a.awaitMessages(1, Duration.ofSeconds(5)).get(0).recipientAddresses()).containsExactly("x@a.test");
  }

  @Test
  void eachRecipientGetsItsOwnReply() throws Exception {
    sinks.start("127.0.0.2", b -> b.fault("rcpt:550 5.1.1 no such user"));
    SmtpSink good = sinks.start("127.0.0.3");
    dns.mx("bad.test", 10, "mx.bad.test").host("mx.bad.test", "127.0.0.2")
        .mx("good.test", 10, "mx.good.test").host("mx.good.test", "127.0.0.3");

    MessageOutcome o = send("me@client.test", "x@bad.test", "y@good.test");

    assertThat(o.status()).isEqualTo(MessageOutcome.Status.PARTIAL);
    RecipientOutcome bad = o.recipients().get(0);
    assertThat(bad.status()).isEqualTo(Outcome.Status.REJECTED);
    assertThat(bad.reply().code()).isEqualTo(550);
    assertThat(bad.mxHost()).isEqualTo("mx.bad.test");
    assertThat(bad.attempts()).isEqualTo(1);
    assertThat(o.recipients().get(1).reply().code()).isEqualTo(250);
    assertThat(good.awaitMessages(1, Duration.ofSeconds(5))).hasSize(1);
  }

  @Test
  void aTransientRecipientFailureIsRetriedUntilTheAttemptsRunOut() throws Exception {
    SmtpSink later = sinks.start("127.0.0.2", b -> b.fault("rcpt:451 4.3.0 try later"));
    dns.mx("a.test", 10, "mx.a.test").host("mx.a.test", "127.0.0.2");

    MessageOutcome o = send("me@client.test", "x@a.test");

    RecipientOutcome r = o.recipients().get(0);
    assertThat(r.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(r.reply().code()).isEqualTo(451);
    assertThat(later.messages()).isEmpty();
  }

  @Test
  void refusesMxHostsInPrivateSpaceUnlessAllowed() throws Exception {
    SmtpSink a = sinks.start("127.0.0.2");
    dns.mx("a.test", 10, "mx.a.test").host("mx.a.test", "127.0.0.2");

    MessageOutcome o = send(config().shaping(Shaping.DEFAULT).build(), "me@client.test", "x@a.test");

    assertThat(o.recipients().get(0).status()).isEqualTo(Outcome.Status.REJECTED);
    assertThat(o.recipients().get(0).detail()).contains("127.0.0.2").contains("private");
    assertThat(a.counters().connections()).isZero();
  }

  @Test
  void opportunisticTlsDeliversOverAnUnverifiedCertificateAndSaysSo() throws Exception {
    SmtpSink a = sinks.start("127.0.0.2", b -> b.tls(TlsMode.STARTTLS));
    dns.mx("a.test", 10, "mx.a.test").host("mx.a.test", "127.0.0.2");

    MessageOutcome o = send("me@client.test", "x@a.test");

    assertThat(o.recipients().get(0).status()).isEqualTo(Outcome.Status.DELIVERED);
    assertThat(o.recipients().get(0).tls()).isEqualTo(TlsVerdict.UNVERIFIED);
    assertThat(a.awaitMessages(1, Duration.ofSeconds(5)).get(0).tls()).isTrue();
  }

  @Test
  void opportunisticTlsWithATrustedCertificateNamingTheMxIsVerified() throws Exception {
    SmtpSink a = sinks.start("127.0.0.2", b -> b.tls(TlsMode.STARTTLS).hostname("mx.a.test"));
    dns.mx("a.test", 10, "mx.a.test").host("mx.a.test", "127.0.0.2");
    TrustConfig trust = TrustConfig.certificates(List.of(a.certificate().certificate()));

    MessageOutcome o = send(config().trust(trust).build(), "me@client.test", "x@a.test");

    assertThat(o.recipients().get(0).tls()).isEqualTo(TlsVerdict.VERIFIED);
  }

  @Test
  void withoutStartTlsOpportunisticDeliveryIsInCleartextAndSaysSo() throws Exception {
    sinks.start("127.0.0.2");
    dns.mx("a.test", 10, "mx.a.test").host("mx.a.test", "127.0.0.2");

    MessageOutcome o = send("me@client.test", "x@a.test");

    assertThat(o.recipients().get(0).status()).isEqualTo(Outcome.Status.DELIVERED);
    assertThat(o.recipients().get(0).tls()).isEqualTo(TlsVerdict.NONE);
  }

  @Test
  void requireVerifiedNeverDeliversOverAnUntrustedCertificate() throws Exception {
    SmtpSink a = sinks.start("127.0.0.2", b -> b.tls(TlsMode.STARTTLS));
    dns.mx("a.test", 10, "mx.a.test").host("mx.a.test", "127.0.0.2");
    Shaping shaping = config().build().shaping().withDomain("a.test",
        new Shaping.DomainRule(Limits.NONE, new TlsPolicy(TlsPolicy.Level.REQUIRE_VERIFIED, "test"), null));

    MessageOutcome o = send(config().shaping(shaping).build(), "me@client.test", "x@a.test");

    assertThat(o.recipients().get(0).status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(o.recipients().get(0).detail()).contains("mx.a.test");
    assertThat(a.messages()).isEmpty();
  }

  @Test
  void aDestinationThatRefusesEveryConnectionIsSuspendedNotHammered() throws Exception {
    SmtpSink busy = sinks.start("127.0.0.2", b -> b.fault("connect:421 4.7.0 go away"));
    dns.mx("a.test", 10, "mx.a.test").host("mx.a.test", "127.0.0.2");
    RouterConfig cfg = config().shaping(Shaping.DEFAULT.withAllowPrivateMx(true)
        .withSuspension(Duration.ofMillis(400), Duration.ofSeconds(2))).build();

    long started = System.nanoTime();
    MessageOutcome o = send(cfg, "me@client.test", "x@a.test");
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(o.recipients().get(0).status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(o.recipients().get(0).detail()).contains("421");
    // Three attempts with 20-100 ms backoff, but the destination rests 400 ms, then 800 ms, between them.
    assertThat(tookMillis).isGreaterThanOrEqualTo(1200);
    // and each round costs the pool at most three connection attempts
    assertThat(busy.counters().connections()).isLessThanOrEqualTo(9);
  }

  @Test
  void aThousandColdDestinationsDoNotOpenAThousandConnections() throws Exception {
    SmtpSink slow = sinks.start("127.0.0.2", b -> b.fault("mail:delay=150ms"));
    for (int i = 0; i < 12; i++) {
      dns.mx("d" + i + ".test", 10, "mx" + i + ".hosting.test").host("mx" + i + ".hosting.test", "127.0.0.2");
    }
    RouterConfig cfg = config().shaping(Shaping.DEFAULT.withAllowPrivateMx(true).withMaxConnections(3)).build();
    assertAtMostConnections(cfg, slow, 3, null);
  }

  @Test
  void destinationsUnderOneMxSuffixShareItsConnectionBudget() throws Exception {
    SmtpSink slow = sinks.start("127.0.0.2", b -> b.fault("mail:delay=150ms"));
    for (int i = 0; i < 12; i++) {
      dns.mx("d" + i + ".test", 10, "mx" + i + ".hosting.test").host("mx" + i + ".hosting.test", "127.0.0.2");
    }
    Shaping shaping = dev.sluice.route.shaping.ShapingFile.parse(
        "[global]\nallow-private-mx = true\n[mx-suffixes.\"hosting.test\"]\nshared-connections = 2\n", "test");
    assertAtMostConnections(config().shaping(shaping).build(), slow, 2, "hosting.test");
  }

  /**
   * Sends to 12 destinations behind one slow sink and samples the connections the router holds
   * permits for (the sink's own count lags a closing connection by a moment, so it is not the judge).
   */
  private void assertAtMostConnections(RouterConfig cfg, SmtpSink sink, int cap, String suffix) throws Exception {
    try (Router router = Router.create(cfg, group, dns)) {
      List<java.util.concurrent.CompletableFuture<MessageOutcome>> all = new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) {
        all.add(router.submit(Envelope.of("me@client.test", "x@d" + i + ".test"), MessageContent.of(MESSAGE)));
      }
      long peak = 0;
      while (!all.stream().allMatch(java.util.concurrent.CompletableFuture::isDone)) {
        peak = Math.max(peak, suffix == null ? router.stats().connections() : router.connectionsUnder(suffix));
        Thread.sleep(5);
      }
      for (var f : all) {
        assertThat(f.get().status()).isEqualTo(MessageOutcome.Status.DELIVERED);
      }
      assertThat(peak).isPositive().isLessThanOrEqualTo(cap);
      assertThat(router.stats().destinations()).isEqualTo(12);
      assertThat(sink.counters().messages()).isEqualTo(12);
    }
  }
}
