package dev.sluice.it.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.RecipientResult;
import dev.sluice.client.SendResult;
import dev.sluice.client.TlsMode;
import dev.sluice.it.peers.Peers;
import dev.sluice.testkit.Vectors;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The client matrix for one peer: every endpoint the subclass names × AUTH PLAIN and LOGIN × the
 * payloads (1 KiB, 10 MiB once per endpoint, 8-bit with 8BITMIME, SMTPUTF8 addresses, 50 recipients
 * of which 10 are refused, every smuggling vector as a body). Each case checks that the server
 * stored what we meant to send, for exactly the recipients the client was told it accepted, over
 * TLS when the endpoint has it, with the mechanism asked for, by BDAT exactly when it should.
 *
 * <p>The peer runs once per class; the cases of one endpoint and mechanism share a session, one
 * message after the other, like a real sender.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClientMatrix {

  static final List<String> MECHANISMS = List.of("PLAIN", "LOGIN");
  private static final Duration STORED = Duration.ofSeconds(30);
  private static final int RECIPIENTS = 50;
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final List<Lane> lanes = new ArrayList<>();

  /** Starts the peer(s); runs once, before the matrix is built. */
  abstract void startPeers();

  /** Stops what {@link #startPeers()} started; must cope with a failed start. */
  abstract void stopPeers();

  /** The endpoints of the started peer(s). */
  abstract List<Endpoint> endpoints();

  @BeforeAll
  final void start() {
    startPeers();
  }

  @AfterAll
  final void stop() {
    try {
      lanes.forEach(Lane::close);
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    } finally {
      stopPeers();
    }
  }

  @TestFactory
  Stream<DynamicNode> clientMatrix() {
    return endpoints().stream().map(endpoint -> dynamicContainer(endpoint.name(),
        MECHANISMS.stream().map(mechanism -> dynamicContainer("AUTH " + mechanism,
            cases(lane(endpoint, mechanism), mechanism.equals(MECHANISMS.get(0)))))));
  }

  private Lane lane(Endpoint endpoint, String mechanism) {
    Lane lane = new Lane(endpoint, mechanism, group);
    lanes.add(lane);
    return lane;
  }

  private Stream<DynamicNode> cases(Lane lane, boolean withTenMebibytes) {
    List<DynamicNode> cases = new ArrayList<>();
    cases.add(dynamicTest("1 KiB", () -> sendsOneKibibyte(lane)));
    if (withTenMebibytes) {
      cases.add(dynamicTest("10 MiB", () -> sendsTenMebibytes(lane)));
    }
    cases.add(dynamicTest("8-bit body with 8BITMIME", () -> sendsAnEightBitBody(lane)));
    cases.add(dynamicTest("SMTPUTF8 addresses", () -> sendsToInternationalisedAddresses(lane)));
    cases.add(dynamicTest(RECIPIENTS + " recipients, 10 refused", () -> reportsEachRecipientAsTheServerDecided(lane)));
    cases.add(dynamicContainer("smuggling vectors as bodies", Vectors.dataEncoding().stream()
        .map(v -> dynamicTest(v.name(), () -> storesTheVectorAsOneMessage(lane, v)))));
    return cases.stream();
  }

  private static String tag(String kind) {
    return kind + "-" + SEQUENCE.incrementAndGet();
  }

  private static void sendsOneKibibyte(Lane lane) throws Exception {
    String tag = tag("kib");
    byte[] message = Payloads.oneKib(tag);
    assertThat(message).hasSize(1024);
    String rcpt = tag + "@example.test";
    SendResult r = lane.send(Envelope.of(Peers.USER, rcpt), MessageContent.of(message));
    assertStored(lane, r, List.of(rcpt), message);
  }

  private static void sendsTenMebibytes(Lane lane) throws Exception {
    String rcpt = tag("mib") + "@example.test";
    byte[] message = Payloads.tenMib();
    SendResult r = lane.send(Envelope.of(Peers.USER, rcpt), Payloads.streamed(message));
    assertStored(lane, r, List.of(rcpt), message);
  }

  private static void sendsAnEightBitBody(Lane lane) throws Exception {
    String tag = tag("8bit");
    String rcpt = tag + "@example.test";
    byte[] message = Payloads.eightBit(tag);
    SendResult r = lane.send(Envelope.of(Peers.USER, rcpt), MessageContent.of(message));
    assertThat(lane.lastMailCommand()).contains("BODY=8BITMIME");
    assertStored(lane, r, List.of(rcpt), message);
  }

  private static void sendsToInternationalisedAddresses(Lane lane) throws Exception {
    assertThat(lane.session().info().capabilities().smtpUtf8()).as("the server offers SMTPUTF8").isTrue();
    String tag = tag("utf8");
    String from = "jörg-" + tag + "@exämple.test";
    String rcpt = "usér-" + tag + "@exämple.test";
    byte[] message = Payloads.utf8Headers(tag, from, rcpt);
    SendResult r = lane.send(Envelope.of(from, rcpt), MessageContent.of(message));
    assertThat(lane.lastMailCommand()).contains("SMTPUTF8");
    List<Stored> stored = assertStored(lane, r, List.of(rcpt), message);
    assertThat(stored.get(0).smtpUtf8()).as("the server took it as SMTPUTF8").isTrue();
  }

  private static void reportsEachRecipientAsTheServerDecided(Lane lane) throws Exception {
    String tag = tag("many");
    List<String> all = IntStream.range(0, RECIPIENTS)
        .mapToObj(i -> (i % 5 == 4 ? "reject-" : "ok-") + tag + "-" + i + "@example.test").toList();
    List<String> refused = all.stream().filter(a -> a.startsWith("reject-")).toList();
    List<String> accepted = all.stream().filter(a -> !a.startsWith("reject-")).toList();
    byte[] message = Payloads.small(tag);

    SendResult r = lane.send(Envelope.of(Peers.USER, all), MessageContent.of(message));

    assertThat(r.recipients()).extracting(RecipientResult::address).containsExactlyElementsOf(all);
    assertThat(r.acceptedRecipients()).extracting(RecipientResult::address).containsExactlyElementsOf(accepted);
    assertThat(r.rejectedRecipients()).allSatisfy(rr -> assertThat(rr.reply().code()).as(rr.address()).isEqualTo(550));
    assertStored(lane, r, accepted, message);
    for (String a : refused) {
      assertThat(lane.endpoint().store().holdsAnythingFor(a)).as("stored for refused " + a).isFalse();
    }
  }

  private static void storesTheVectorAsOneMessage(Lane lane, Vectors.Data vector) throws Exception {
    String rcpt = tag("vector") + "@example.test";
    SendResult r = lane.send(Envelope.of(Peers.USER, rcpt), Payloads.chunks(vector.chunkBytes()));
    assertStored(lane, r, List.of(rcpt), vector.messageBytes());
  }

  /**
   * The message was accepted for {@code recipients} and stored for each of them, as we meant it,
   * over the endpoint's TLS, with the lane's mechanism and the endpoint's transfer.
   */
  private static List<Stored> assertStored(Lane lane, SendResult r, List<String> recipients, byte[] intended) {
    Endpoint endpoint = lane.endpoint();
    assertThat(r.accepted()).as("accepted: %s", r).isTrue();
    assertThat(r.usedBdat()).as("the client used BDAT").isEqualTo(endpoint.bdat());
    Mailstore store = endpoint.store();
    List<Stored> stored = store.await(recipients, STORED);
    byte[] expected = store.comparable(intended);
    for (Stored s : stored) {
      Bytes.assertSameBytes("stored for " + s.recipient() + " (" + s.source() + ")", store.comparable(s.content()),
          expected);
      assertThat(s.tls()).as("TLS, says the server").isEqualTo(endpoint.tls() != TlsMode.NONE);
      assertThat(s.authMechanism()).as("AUTH mechanism, says the server").isEqualTo(lane.mechanism());
      if (s.chunked() != null) {
        assertThat(s.chunked()).as("BDAT, says the server").isEqualTo(endpoint.bdat());
      }
    }
    return stored;
  }
}
