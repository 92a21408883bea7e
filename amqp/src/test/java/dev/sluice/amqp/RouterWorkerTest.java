package dev.sluice.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.rabbitmq.client.Connection;
import dev.sluice.amqp.broker.RabbitNode;
import dev.sluice.amqp.broker.RequiresRabbitMq;
import dev.sluice.client.Envelope;
import dev.sluice.route.RouterConfig;
import dev.sluice.route.StaticRoute;
import dev.sluice.route.shaping.Shaping;
import dev.sluice.route.tls.TlsPolicy;
import dev.sluice.sink.Recipient;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import dev.sluice.sink.handler.MessageHandler;
import dev.sluice.sink.handler.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code worker --mx}: the worker over route's Router, against a private RabbitMQ node and two
 * sinks reached through static routes ({@code [127.0.0.1]:port} per domain: no DNS needed).
 */
@RequiresRabbitMq
class RouterWorkerTest {

  private static RabbitNode node;
  private static Path nodeDir;
  private static Connection connection;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startBroker() throws Exception {
    nodeDir = Files.createTempDirectory("sluice-rmq");
    node = RabbitNode.create("sluice-rwt", nodeDir).start();
    connection = Broker.parse(node.uri(), null).connect("router-worker-test");
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (node != null) {
      node.stop();
    }
    RabbitNode.deleteTree(nodeDir);
  }

  /**
   * ok@a.test's server takes it; b.test's server greylists later@b.test twice (451) and refuses
   * no@b.test for good (550). The mail goes out once to ok@a.test, comes back from the delay tier
   * for later@b.test alone (never again for the others), and ends with one outcome naming all three.
   */
  @Test
  void aPartlyDeliveredMailIsRetriedForItsGreylistedRecipientOnly() throws Exception {
    Topology t = Topology.named("r-" + UUID.randomUUID().toString().substring(0, 8))
        .withRetryTiers(List.of(Duration.ofMillis(200), Duration.ofMillis(300)));
    Map<String, AtomicInteger> rcpts = new ConcurrentHashMap<>();
    MessageHandler greylist = new MessageHandler() {
      @Override
      public Verdict recipient(String from, Recipient r) {
        int seen = rcpts.computeIfAbsent(r.address(), k -> new AtomicInteger()).incrementAndGet();
        if (r.address().equals("no@b.test")) {
          return Verdict.reject(550, "5.1.1 no such user");
        }
        if (r.address().equals("later@b.test") && seen <= 2) {
          return Verdict.reject(451, "4.7.1 greylisted, try again later");
        }
        return Verdict.accept();
      }
    };
    try (SmtpSink a = sink().start(); SmtpSink b = sink().handler(greylist).start()) {
      String id = "p1-" + UUID.randomUUID().toString().substring(0, 8) + "@sluice.test";
      publish(t, QueuedMail.of(id, Envelope.of("sender@x.test", List.of("ok@a.test", "later@b.test", "no@b.test")),
          ("From: sender@x.test\r\nMessage-ID: <" + id + ">\r\nSubject: partial\r\n\r\nhi\r\n")
              .getBytes(StandardCharsets.US_ASCII)));
      RouterMailSender sender = RouterMailSender.create(routes(Map.of("a.test", a.port(), "b.test", b.port())));
      try (Worker w = Worker.start(connection, sender, WorkerConfig.builder(t).workerId("w-mx").maxAttempts(5).build(),
          log::add)) {
        OutcomeTally tally = OutcomeReader.read(connection, t, 1, Duration.ofSeconds(30), r -> {}, p -> log.add(p));
        assertThat(tally.line()).isEqualTo("outcomes=1 delivered=1 rejected=0 failed=0 unknown=0 duplicates=0 redelivered=0");
        OutcomeRecord r = tally.byId().get(id);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.recipients()).extracting(OutcomeRecord.Reply::address, OutcomeRecord.Reply::code,
            OutcomeRecord.Reply::status).containsExactlyInAnyOrder(
                tuple("ok@a.test", 250, OutcomeRecord.Status.DELIVERED),
                tuple("no@b.test", 550, OutcomeRecord.Status.REJECTED),
                tuple("later@b.test", 250, OutcomeRecord.Status.DELIVERED));
        assertThat(w.retriesMoved()).isEqualTo(2);
      } finally {
        sender.close();
      }
      assertThat(a.messages()).singleElement().satisfies(m -> assertThat(addresses(m)).containsExactly("ok@a.test"));
      assertThat(b.messages()).singleElement().satisfies(m -> assertThat(addresses(m)).containsExactly("later@b.test"));
      assertThat(rcpts).containsOnlyKeys("later@b.test", "no@b.test");
      assertThat(rcpts.get("no@b.test")).as("a permanent refusal is not retried").hasValue(1);
      assertThat(rcpts.get("later@b.test")).hasValue(3);
    }
    assertThat(log).noneMatch(l -> l.contains("could not settle"));
  }

  /** A domain whose server keeps refusing for a while: FAILED after the attempts, dead-lettered, nobody else resent. */
  @Test
  void aRecipientThatNeverGetsThroughEndsFailedWithTheOthersReplies() throws Exception {
    Topology t = Topology.named("r-" + UUID.randomUUID().toString().substring(0, 8))
        .withRetryTiers(List.of(Duration.ofMillis(100)));
    MessageHandler busy = new MessageHandler() {
      @Override
      public Verdict recipient(String from, Recipient r) {
        return Verdict.reject(452, "4.2.2 mailbox full");
      }
    };
    try (SmtpSink a = sink().start(); SmtpSink b = sink().handler(busy).start()) {
      String id = "p2-" + UUID.randomUUID().toString().substring(0, 8) + "@sluice.test";
      publish(t, QueuedMail.of(id, Envelope.of("sender@x.test", List.of("ok@a.test", "full@b.test")),
          ("From: sender@x.test\r\nMessage-ID: <" + id + ">\r\n\r\nhi\r\n").getBytes(StandardCharsets.US_ASCII)));
      RouterMailSender sender = RouterMailSender.create(routes(Map.of("a.test", a.port(), "b.test", b.port())));
      try (Worker w = Worker.start(connection, sender, WorkerConfig.builder(t).workerId("w-mx").maxAttempts(3).build(),
          log::add)) {
        OutcomeRecord r = OutcomeReader.read(connection, t, 1, Duration.ofSeconds(30), x -> {}, log::add).byId().get(id);
        // delivered to one of its two recipients: the mail counts as delivered, the other's fate is in its reply
        assertThat(r.status()).isEqualTo(OutcomeRecord.Status.DELIVERED);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.error()).startsWith("gave up after 3 attempts").contains("full@b.test");
        assertThat(r.recipients()).extracting(OutcomeRecord.Reply::address, OutcomeRecord.Reply::status)
            .containsExactlyInAnyOrder(tuple("ok@a.test", OutcomeRecord.Status.DELIVERED),
                tuple("full@b.test", OutcomeRecord.Status.FAILED));
      } finally {
        sender.close();
      }
      assertThat(a.messages()).hasSize(1);
      assertThat(b.messages()).isEmpty();
    }
  }

  private static RouterConfig routes(Map<String, Integer> ports) {
    Shaping shaping = Shaping.DEFAULT.withAllowPrivateMx(true);
    for (Map.Entry<String, Integer> e : ports.entrySet()) {
      shaping = shaping.withDomain(e.getKey(), new Shaping.DomainRule(null, TlsPolicy.parse("none", "test"),
          StaticRoute.parse("[127.0.0.1]:" + e.getValue())));
    }
    return RouterConfig.builder().heloName("worker.test").shaping(shaping).ioThreads(1).maxInFlight(20).build();
  }

  private static dev.sluice.sink.SmtpSinkBuilder sink() {
    return SmtpSink.builder().bind("127.0.0.1").port(0).tls(dev.sluice.sink.TlsMode.NONE).inMemory().ioThreads(1);
  }

  private static List<String> addresses(StoredMessage m) {
    return m.recipients().stream().map(Recipient::address).toList();
  }

  private static void publish(Topology t, QueuedMail mail) throws Exception {
    try (SendQueue q = SendQueue.open(connection, t, 10)) {
      q.publish(mail);
      q.flush(Duration.ofSeconds(30));
    }
  }
}
