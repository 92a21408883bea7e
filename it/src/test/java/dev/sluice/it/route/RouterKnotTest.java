package dev.sluice.it.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.client.bulk.RetryPolicy;
import dev.sluice.route.MessageOutcome;
import dev.sluice.route.RecipientOutcome;
import dev.sluice.route.Router;
import dev.sluice.route.RouterConfig;
import dev.sluice.route.dns.DnsConfig;
import dev.sluice.route.shaping.Shaping;
import dev.sluice.route.tls.TlsVerdict;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router against a real DNS server (Knot) and sinks on 127.0.0.2-7. */
class RouterKnotTest {

  private static final String MESSAGE = "Subject: routed\r\n\r\nhello\r\n";

  @TempDir
  static Path dir;
  static RoutingLab lab;

  @BeforeAll
  static void startLab() throws Exception {
    lab = new RoutingLab().start(dir);
  }

  @AfterAll
  static void stopLab() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  @BeforeEach
  void clear() {
    lab.clear();
  }

  private static RouterConfig.Builder config(DnsConfig dns) {
    return RouterConfig.builder().heloName("client.test").port(lab.smtpPort()).dns(dns)
        .shaping(Shaping.DEFAULT.withAllowPrivateMx(true).withSuspension(Duration.ofMillis(200), Duration.ofSeconds(1)))
        .timeouts(Timeouts.all(Duration.ofSeconds(2)))
        .trust(TrustConfig.certificates(List.of(lab.b.certificate().certificate())))
        .retry(new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100), 2));
  }

  private static DnsConfig knot() {
    return DnsConfig.DEFAULT.withNameservers(List.of(lab.dns.address())).withQueryTimeout(Duration.ofSeconds(1));
  }

  private static MessageOutcome send(String... to) throws Exception {
    try (Router router = Router.create(config(knot()).build())) {
      return router.submit(Envelope.of("me@client.test", to), MessageContent.of(MESSAGE)).get(60, TimeUnit.SECONDS);
    }
  }

  private static List<String> recipientsAt(SmtpSink sink) throws Exception {
    return sink.awaitMessages(1, Duration.ofSeconds(5)).stream().flatMap(m -> m.recipientAddresses().stream()).toList();
  }

  @Test
  void deliversEachDomainToItsMostPreferredMx() throws Exception {
    MessageOutcome o = send("x@alpha.test", "y@beta.test");

    assertThat(o.status()).isEqualTo(MessageOutcome.Status.DELIVERED);
    assertThat(o.recipients()).extracting(RecipientOutcome::mxHost).containsExactly("mx1.alpha.test", "mx.beta.test");
    assertThat(recipientsAt(lab.a)).containsExactly("x@alpha.test");
    assertThat(recipientsAt(lab.b)).containsExactly("y@beta.test");
  }

  @Test
  void domainsSharingAnMxSetGoInOneTransaction() throws Exception {
    MessageOutcome o = send("x@shared1.test", "y@shared2.test");

    assertThat(o.status()).isEqualTo(MessageOutcome.Status.DELIVERED);
    List<StoredMessage> stored = lab.a.awaitMessages(1, Duration.ofSeconds(5));
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).recipientAddresses()).containsExactly("x@shared1.test", "y@shared2.test");
  }

  @Test
  void aDomainWithoutMxGetsMailAtItsOwnAddress() throws Exception {
    MessageOutcome o = send("x@plain.test");

    assertThat(o.recipients().get(0).mxHost()).isEqualTo("plain.test");
    assertThat(recipientsAt(lab.c)).containsExactly("x@plain.test");
  }

  @Test
  void followsADomainCnameAndAnMxThatIsAnAlias() throws Exception {
    MessageOutcome o = send("x@mail.alias.test", "y@cname-mx.test");

    assertThat(o.status()).isEqualTo(MessageOutcome.Status.DELIVERED);
    assertThat(o.recipients()).extracting(RecipientOutcome::mxHost).containsExactly("mx.beta.test", "mxalias.infra.test");
    assertThat(lab.b.awaitMessages(2, Duration.ofSeconds(5)).stream().flatMap(m -> m.recipientAddresses().stream()))
        .containsExactlyInAnyOrder("x@mail.alias.test", "y@cname-mx.test");
  }

  @Test
  void failsOverPastADeadMxA421GreetingAndASilentMx() throws Exception {
    MessageOutcome o = send("x@firstdown.test", "y@busy.test", "z@slow.test");

    assertThat(o.status()).isEqualTo(MessageOutcome.Status.DELIVERED);
    assertThat(o.recipients()).extracting(RecipientOutcome::mxHost).containsOnly("mx.infra.test");
    assertThat(lab.a.awaitMessages(1, Duration.ofSeconds(5)).stream().flatMap(m -> m.recipientAddresses().stream()))
        .containsExactlyInAnyOrder("x@firstdown.test", "y@busy.test", "z@slow.test");
    assertThat(lab.busy.counters().connections()).isPositive();
    assertThat(lab.busy.messages()).isEmpty();
    assertThat(lab.slow.counters().connections()).isPositive();
  }

  @Test
  void nullMxAndNxdomainAreRefusedForGoodAndAnIpLiteralMxIsSkipped() throws Exception {
    MessageOutcome o = send("n@nullmx.test", "g@nowhere.alpha.test", "l@literal.test");

    assertThat(o.status()).isEqualTo(MessageOutcome.Status.PARTIAL);
    assertThat(o.recipients()).extracting(RecipientOutcome::status)
        .containsExactly(Outcome.Status.REJECTED, Outcome.Status.REJECTED, Outcome.Status.DELIVERED);
    assertThat(o.recipients().get(0).detail()).contains("null MX");
    assertThat(o.recipients().get(1).detail()).contains("NXDOMAIN");
    assertThat(o.recipients().get(2).mxHost()).isEqualTo("mx.beta.test");
    assertThat(lab.busy.messages()).isEmpty();
  }

  @Test
  void anIdnDomainIsLookedUpAndAddressedInALabels() throws Exception {
    MessageOutcome o = send("x@bücher.test");

    assertThat(o.recipients().get(0).status()).isEqualTo(Outcome.Status.DELIVERED);
    assertThat(o.recipients().get(0).recipient()).isEqualTo("x@bücher.test");
    assertThat(recipientsAt(lab.a)).containsExactly("x@xn--bcher-kva.test");
  }

  @Test
  void recordsWhatEachConnectionsTlsAchieved() throws Exception {
    MessageOutcome o = send("x@alpha.test", "y@beta.test");

    assertThat(o.recipients()).extracting(RecipientOutcome::tls).containsExactly(TlsVerdict.NONE, TlsVerdict.VERIFIED);
  }

  @Test
  void answersRepeatedQuestionsFromTheCache() throws Exception {
    try (Router router = Router.create(config(knot()).build())) {
      router.submit(Envelope.of("me@client.test", "x@alpha.test"), MessageContent.of(MESSAGE)).get(30, TimeUnit.SECONDS);
      long first = router.stats().dnsQueries();
      assertThat(first).isPositive();
      // within a second the router reuses the route it assembled; after that it asks the DNS cache again
      router.submit(Envelope.of("me@client.test", "y@alpha.test"), MessageContent.of(MESSAGE)).get(30, TimeUnit.SECONDS);
      Thread.sleep(1100);
      MessageOutcome again = router.submit(Envelope.of("me@client.test", "z@alpha.test"), MessageContent.of(MESSAGE))
          .get(30, TimeUnit.SECONDS);
      assertThat(again.status()).isEqualTo(MessageOutcome.Status.DELIVERED);
      assertThat(router.stats().dnsQueries()).isEqualTo(first);
      assertThat(router.stats().dnsCacheHits()).isPositive();
    }
  }

  @Test
  void aDnsServerThatNeverAnswersIsATransientFailureNotAHang() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      DnsConfig dns = DnsConfig.DEFAULT.withNameservers(List.of((InetSocketAddress) silent.getLocalSocketAddress()))
          .withQueryTimeout(Duration.ofMillis(200)).withAttempts(2);
      try (Router router = Router.create(config(dns).build())) {
        MessageOutcome o = router.submit(Envelope.of("me@client.test", "x@alpha.test"), MessageContent.of(MESSAGE))
            .get(30, TimeUnit.SECONDS);
        RecipientOutcome r = o.recipients().get(0);
        assertThat(r.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(r.detail()).startsWith("transient").contains("TIMEOUT");
      }
    }
  }

  @Test
  void mailDnsAnswersTxtTlsaAndAaaaAndCachesNegativeAnswers() throws Exception {
    io.netty.channel.EventLoopGroup group = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
        io.netty.channel.nio.NioIoHandler.newFactory());
    try (dev.sluice.route.dns.MailDns dns = dev.sluice.route.dns.MailDns.create(group,
        knot().withAddressOrder(DnsConfig.AddressOrder.IPV6_FIRST))) {
      assertThat(dns.txt("records.test").get(5, TimeUnit.SECONDS)).containsExactly("v=STSv1; id=20261203");
      dev.sluice.route.dns.TlsaRecord tlsa = dns.tlsa("_25._tcp.mx.records.test").get(5, TimeUnit.SECONDS).get(0);
      assertThat(List.of(tlsa.usage(), tlsa.selector(), tlsa.matchingType())).containsExactly(3, 1, 1);
      assertThat(tlsa.data()).hasSize(32).startsWith((byte) 0x01, (byte) 0x23);
      assertThat(dns.addresses("records.test").get(5, TimeUnit.SECONDS))
          .containsExactly(InetAddress.getByName("2001:db8::25"));
      assertThat(dns.mx("records.test").get(5, TimeUnit.SECONDS).records()).isEmpty(); // NODATA
      long queries = dns.queriesSent();
      assertThat(dns.mx("records.test").get(5, TimeUnit.SECONDS).records()).isEmpty();
      Throwable nx = dns.txt("nothing.records.test").handle((v, e) -> e).get(5, TimeUnit.SECONDS);
      nx = nx instanceof java.util.concurrent.CompletionException ? nx.getCause() : nx;
      assertThat(nx).isInstanceOfSatisfying(dev.sluice.route.dns.DnsLookupException.class,
          d -> assertThat(d.isPermanent()).isTrue());
      long afterNx = dns.queriesSent();
      dns.txt("nothing.records.test").handle((v, e) -> e).get(5, TimeUnit.SECONDS);
      // NODATA and NXDOMAIN are cached for the SOA's minimum (60 s here): no new query
      assertThat(queries).isEqualTo(afterNx - 1);
      assertThat(dns.queriesSent()).isEqualTo(afterNx);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void anAnswerTooLargeForUdpIsAskedAgainOverTcp() throws Exception {
    io.netty.channel.EventLoopGroup group = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
        io.netty.channel.nio.NioIoHandler.newFactory());
    // Without EDNS0 a UDP answer holds 512 bytes: the 1,200-byte TXT record arrives only over TCP.
    try (dev.sluice.route.dns.MailDns dns = dev.sluice.route.dns.MailDns.create(group, knot().withUdpPayload(512))) {
      List<String> txt = dns.txt("big.records.test").get(5, TimeUnit.SECONDS);
      assertThat(txt).singleElement().satisfies(t -> {
        assertThat(t).hasSize(1200).startsWith("aaa").endsWith("eee");
      });
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
