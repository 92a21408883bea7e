package dev.sluice.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.sluice.amqp.broker.RabbitNode;
import dev.sluice.amqp.broker.RequiresRabbitMq;
import dev.sluice.client.Envelope;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.TlsMode;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.PoolConfig;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worker against a private RabbitMQ node and the sink, over loopback. */
@RequiresRabbitMq
class WorkerTest {

  private static RabbitNode node;
  private static Path nodeDir;
  private static Connection connection;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startBroker() throws Exception {
    nodeDir = Files.createTempDirectory("sluice-rmq");
    node = RabbitNode.create("sluice-wt", nodeDir).start();
    connection = Broker.parse(node.uri(), null).connect("worker-test");
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

  @Test
  void deliversEveryMailOnceAndLeavesNothingUnacked() throws Exception {
    Topology t = topology();
    try (SmtpSink sink = sink().start()) {
      List<String> ids = publish(t, 60);
      try (Running w = worker(t, sink, b -> b.prefetch(20))) {
        OutcomeTally tally = outcomes(t, 60);
        assertThat(tally.line()).isEqualTo("outcomes=60 delivered=60 rejected=0 failed=0 unknown=0 duplicates=0 redelivered=0");
        assertThat(storedIds(sink)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(tally.byId().values()).allSatisfy(r -> {
          assertThat(r.attempts()).isEqualTo(1);
          assertThat(r.destination()).isEqualTo("127.0.0.1:" + sink.port());
          assertThat(r.recipients()).singleElement().satisfies(rr -> assertThat(rr.code()).isEqualTo(250));
          assertThat(r.dataReply()).startsWith("250");
        });
      }
      assertQueueEmpty(t.sendQueue());
    }
  }

  @Test
  void transientFailuresWaitInTheDelayTiersAndAreDeliveredLater() throws Exception {
    Topology t = topology().withRetryTiers(List.of(Duration.ofMillis(200), Duration.ofMillis(400)));
    try (SmtpSink sink = sink().fault("rcpt:451 4.3.0 try later@50%").start()) {
      List<String> ids = publish(t, 30);
      try (Running w = worker(t, sink, b -> b.maxAttempts(30))) {
        OutcomeTally tally = outcomes(t, 30);
        assertThat(tally.count(OutcomeRecord.Status.DELIVERED)).isEqualTo(30);
        assertThat(tally.byId().values()).anySatisfy(r -> assertThat(r.attempts()).isGreaterThan(1));
        assertThat(storedIds(sink)).containsExactlyInAnyOrderElementsOf(ids);
      }
      for (Duration tier : t.retryTiers()) {
        assertQueueEmpty(t.retryQueue(tier));
      }
    }
  }

  @Test
  void exhaustedRetriesAreFailedAndTheOriginalIsDeadLettered() throws Exception {
    Topology t = topology().withRetryTiers(List.of(Duration.ofMillis(100), Duration.ofMillis(200)));
    try (SmtpSink sink = sink().fault("rcpt:451 4.3.0 try later").start()) {
      List<String> ids = publish(t, 2);
      try (Running w = worker(t, sink, b -> b.maxAttempts(3))) {
        OutcomeTally tally = outcomes(t, 2);
        assertThat(tally.count(OutcomeRecord.Status.FAILED)).isEqualTo(2);
        assertThat(tally.byId().values()).allSatisfy(r -> {
          assertThat(r.attempts()).isEqualTo(3);
          assertThat(r.error()).startsWith("gave up after 3 attempts").contains("451");
        });
      }
      List<GetResponse> dead = drain(t.deadQueue());
      assertThat(dead).extracting(d -> d.getProps().getMessageId()).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(dead).allSatisfy(d -> assertThat(new String(d.getBody(), StandardCharsets.US_ASCII))
          .contains("Message-ID: <" + d.getProps().getMessageId() + ">"));
    }
  }

  @Test
  void aPermanentRejectionIsFinalAndDeadLetteredWithTheReason() throws Exception {
    Topology t = topology();
    try (SmtpSink sink = sink().fault("rcpt:550 5.1.1 no such user").start()) {
      publish(t, 1);
      try (Running w = worker(t, sink, b -> b)) {
        OutcomeTally tally = outcomes(t, 1);
        OutcomeRecord r = tally.byId().values().iterator().next();
        assertThat(r.status()).isEqualTo(OutcomeRecord.Status.REJECTED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.recipients()).singleElement().satisfies(rr -> assertThat(rr.code()).isEqualTo(550));
      }
      assertThat(drain(t.deadQueue())).singleElement().satisfies(d ->
          assertThat(d.getProps().getHeaders().get(WireFormat.H_DEAD_REASON).toString()).startsWith("REJECTED").contains("550"));
    }
  }

  @Test
  void malformedMessagesAreDeadLetteredWithAReasonAndDoNotBlockTheQueue() throws Exception {
    Topology t = topology();
    try (SmtpSink sink = sink().start()) {
      byte[] body = "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
      AMQP.BasicProperties good = WireFormat.properties(QueuedMail.of("good-1", Envelope.of("a@x.test", "b@x.test"), body), 0);
      Map<String, Object> v2 = new HashMap<>(good.getHeaders());
      v2.put(WireFormat.H_VERSION, 99);
      Map<String, Object> crlf = new HashMap<>(good.getHeaders());
      crlf.put(WireFormat.H_FROM, "a@x.test>\r\nRCPT TO:<victim@x.test");
      try (SendQueue q = SendQueue.open(connection, t, 10)) {
        q.publish(new AMQP.BasicProperties.Builder().messageId("no-headers").build(), body);
        q.publish(good.builder().messageId("v99").headers(v2).build(), body);
        q.publish(good.builder().messageId("crlf").headers(crlf).build(), body);
        q.publish(good.builder().messageId("big").build(), new byte[2048]);
        q.publish(good, body);
        q.flush(Duration.ofSeconds(10));
      }
      try (Running w = worker(t, sink, b -> b.maxMessageBytes(1024))) {
        OutcomeTally tally = outcomes(t, 5);
        assertThat(tally.byId().get("good-1").status()).isEqualTo(OutcomeRecord.Status.DELIVERED);
        assertThat(tally.count(OutcomeRecord.Status.REJECTED)).isEqualTo(4);
      }
      Map<String, String> reasons = drain(t.deadQueue()).stream().collect(Collectors.toMap(
          d -> d.getProps().getMessageId(), d -> d.getProps().getHeaders().get(WireFormat.H_DEAD_REASON).toString()));
      assertThat(reasons).containsOnlyKeys("no-headers", "v99", "crlf", "big");
      assertThat(reasons.get("no-headers")).contains("no headers");
      assertThat(reasons.get("v99")).contains("unknown wire-format version 99");
      assertThat(reasons.get("crlf")).contains("invalid envelope").doesNotContain("\r");
      assertThat(reasons.get("big")).contains("over the limit of 1024");
      assertThat(sink.messages()).hasSize(1);
    }
  }

  @Test
  void atMostOnceReportsARedeliveredMailAsUnknownWithoutSendingIt() throws Exception {
    Topology t = topology();
    try (SmtpSink sink = sink().start()) {
      publish(t, 1);
      // a "worker" that takes the mail and dies before acking: the broker redelivers it
      Channel ch = connection.createChannel();
      assertThat(ch.basicGet(t.sendQueue(), false)).isNotNull();
      ch.close();
      try (Running w = worker(t, sink, b -> b.atMostOnce(true))) {
        OutcomeRecord r = outcomes(t, 1).byId().values().iterator().next();
        assertThat(r.status()).isEqualTo(OutcomeRecord.Status.UNKNOWN);
        assertThat(r.redelivered()).isTrue();
        assertThat(r.error()).contains("--at-most-once");
      }
      assertThat(sink.messages()).isEmpty();
      assertQueueEmpty(t.sendQueue());
    }
  }

  @Test
  void atMostOnceDoesNotSendARetryCopyThatMayBeADuplicate() throws Exception {
    Topology t = topology();
    try (SmtpSink sink = sink().start()) {
      byte[] body = "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
      AMQP.BasicProperties p = WireFormat.properties(QueuedMail.of("moved-twice", Envelope.of("a@x.test", "b@x.test"), body), 0);
      try (SendQueue q = SendQueue.open(connection, t, 10)) {
        q.publish(WireFormat.withHeaders(p, Map.of(WireFormat.H_REDELIVERED, true, WireFormat.H_ATTEMPTS, 1)), body);
        q.flush(Duration.ofSeconds(10));
      }
      try (Running w = worker(t, sink, b -> b.atMostOnce(true))) {
        OutcomeRecord r = outcomes(t, 1).byId().get("moved-twice");
        assertThat(r.status()).isEqualTo(OutcomeRecord.Status.UNKNOWN);
        assertThat(r.redelivered()).isTrue();
      }
      assertThat(sink.messages()).isEmpty();
    }
  }

  @Test
  void atLeastOnceSendsARedeliveredMailAgainAndFlagsIt() throws Exception {
    Topology t = topology();
    try (SmtpSink sink = sink().start()) {
      publish(t, 1);
      Channel ch = connection.createChannel();
      assertThat(ch.basicGet(t.sendQueue(), false)).isNotNull();
      ch.close();
      try (Running w = worker(t, sink, b -> b)) {
        OutcomeRecord r = outcomes(t, 1).byId().values().iterator().next();
        assertThat(r.status()).isEqualTo(OutcomeRecord.Status.DELIVERED);
        assertThat(r.redelivered()).isTrue();
      }
      assertThat(sink.messages()).hasSize(1);
    }
  }

  @Test
  void thePrefetchBoundsTheMailsInFlight() throws Exception {
    Topology t = topology();
    try (SmtpSink sink = sink().fault("data-end:delay=100ms").start()) {
      publish(t, 40);
      try (Running w = worker(t, sink, b -> b.prefetch(4))) {
        long max = 0;
        while (w.settled() < 40) {
          max = Math.max(max, w.inFlight());
          Thread.sleep(5);
        }
        assertThat(max).isBetween(1L, 4L);
        assertThat(outcomes(t, 40).count(OutcomeRecord.Status.DELIVERED)).isEqualTo(40);
      }
    }
  }

  @Test
  void aGracefulStopSettlesWhatIsInFlightAndLeavesTheRestQueued() throws Exception {
    Topology t = topology();
    try (SmtpSink sink = sink().fault("data-end:delay=300ms").start()) {
      publish(t, 30);
      Running w = worker(t, sink, b -> b.prefetch(5));
      while (w.received() == 0) {
        Thread.sleep(5);
      }
      w.close();
      long settled = w.settled();
      assertThat(settled).isEqualTo(w.received()).isLessThan(30);
      assertThat(w.inFlight()).isZero();
      OutcomeTally tally = outcomes(t, settled);
      assertThat(tally.outcomes()).isEqualTo((int) settled);
      Channel ch = connection.createChannel();
      assertThat(ch.queueDeclarePassive(t.sendQueue()).getMessageCount()).isEqualTo(30 - (int) settled);
      ch.close();
    }
  }

  // --- helpers

  private interface Tweak {
    WorkerConfig.Builder apply(WorkerConfig.Builder b);
  }

  private static Topology topology() {
    return Topology.named("t-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private static dev.sluice.sink.SmtpSinkBuilder sink() {
    return SmtpSink.builder().bind("127.0.0.1").port(0).tls(dev.sluice.sink.TlsMode.NONE).inMemory().ioThreads(1);
  }

  private Running worker(Topology t, SmtpSink sink, Tweak tweak) throws Exception {
    SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("127.0.0.1").port(sink.port())
        .tlsMode(TlsMode.NONE).heloName("worker.test").ioThreads(1).build());
    WorkerConfig config = tweak.apply(WorkerConfig.builder(t).workerId("w-test")).build();
    MailSender sender = BulkMailSender.create(client, BulkConfig.DEFAULT.withMaxInFlight(config.prefetch())
        .withPool(PoolConfig.DEFAULT.withMaxConnections(2)));
    return new Running(Worker.start(connection, sender, config, log::add), sender);
  }

  /** A worker and its sender, closed in that order (the worker does not own the sender). */
  private record Running(Worker worker, MailSender sender) implements AutoCloseable {
    long received() {
      return worker.received();
    }

    long settled() {
      return worker.settled();
    }

    long inFlight() {
      return worker.inFlight();
    }

    @Override
    public void close() {
      try {
        worker.close();
      } finally {
        sender.close();
      }
    }
  }

  private static List<String> publish(Topology t, int n) throws Exception {
    List<String> ids = new ArrayList<>();
    try (SendQueue q = SendQueue.open(connection, t, 50)) {
      for (int i = 0; i < n; i++) {
        String id = "m" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + "@sluice.test";
        byte[] body = ("From: a@x.test\r\nTo: b@x.test\r\nMessage-ID: <" + id + ">\r\nSubject: " + i + "\r\n\r\nhi\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        q.publish(QueuedMail.of(id, Envelope.of("a@x.test", "b@x.test"), body));
        ids.add(id);
      }
      q.flush(Duration.ofSeconds(30));
    }
    return ids;
  }

  private static OutcomeTally outcomes(Topology t, long n) throws Exception {
    OutcomeTally tally = OutcomeReader.read(connection, t, n, Duration.ofSeconds(30), r -> {}, p -> {});
    assertThat(tally.outcomes()).as("outcomes received").isEqualTo((int) n);
    return tally;
  }

  private static List<String> storedIds(SmtpSink sink) {
    List<String> ids = new ArrayList<>();
    for (StoredMessage m : sink.messages()) {
      String s = m.dataAsString();
      int i = s.indexOf("Message-ID: <");
      ids.add(s.substring(i + 13, s.indexOf('>', i)));
    }
    return ids;
  }

  private static List<GetResponse> drain(String queue) throws Exception {
    List<GetResponse> out = new ArrayList<>();
    Channel ch = connection.createChannel();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    GetResponse r;
    while ((r = ch.basicGet(queue, true)) != null || (out.isEmpty() && System.nanoTime() < deadline)) {
      if (r != null) {
        out.add(r);
      } else {
        Thread.sleep(50);
      }
    }
    ch.close();
    return out;
  }

  private static void assertQueueEmpty(String queue) {
    String out = node.ctlOk("list_queues", "-q", "--no-table-headers", "name", "messages_ready", "messages_unacknowledged");
    Set<String> line = out.lines().filter(l -> l.trim().startsWith(queue + "\t") || l.trim().split("\\s+")[0].equals(queue))
        .collect(Collectors.toSet());
    assertThat(line).singleElement().satisfies(l -> assertThat(l.trim().split("\\s+")).containsExactly(queue, "0", "0"));
  }
}
