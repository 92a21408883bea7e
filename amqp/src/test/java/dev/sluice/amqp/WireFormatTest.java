package dev.sluice.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import dev.sluice.client.Envelope;
import dev.sluice.codec.DsnNotify;
import dev.sluice.codec.DsnReturn;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  private static final byte[] BODY = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  void roundTripsEnvelopeDsnRouteAndKeyInVersionedHeaders() throws Exception {
    Envelope env = Envelope.of("a@example.test", "b@example.test", "c@example.test")
        .withDsn(new Envelope.Dsn(DsnReturn.HDRS, "env-1", EnumSet.of(DsnNotify.FAILURE, DsnNotify.DELAY), true));
    QueuedMail mail = new QueuedMail("req-1", env, BODY, "eu-west", "key-2026");
    AMQP.BasicProperties props = WireFormat.properties(mail, 1234L);

    assertThat(props.getMessageId()).isEqualTo("req-1");
    assertThat(props.getDeliveryMode()).isEqualTo(2);
    assertThat(props.getHeaders()).containsEntry(WireFormat.H_VERSION, WireFormat.VERSION)
        .containsEntry(WireFormat.H_ATTEMPTS, 0);
    QueuedMail back = WireFormat.decode(props, BODY, 1000);
    assertThat(back.requestId()).isEqualTo("req-1");
    assertThat(back.envelope()).isEqualTo(env);
    assertThat(back.message()).isEqualTo(BODY);
    assertThat(back.route()).isEqualTo("eu-west");
    assertThat(back.dkimKeyId()).isEqualTo("key-2026");
  }

  @Test
  void refusesAMessageWithoutHeaders() {
    assertThatThrownBy(() -> WireFormat.decode(new AMQP.BasicProperties(), BODY, 1000))
        .isInstanceOf(MalformedMailException.class).hasMessageContaining("no headers");
  }

  @Test
  void refusesAnUnknownVersion() {
    AMQP.BasicProperties p = withHeader(WireFormat.H_VERSION, 2);
    assertThatThrownBy(() -> WireFormat.decode(p, BODY, 1000))
        .isInstanceOf(MalformedMailException.class).hasMessageContaining("unknown wire-format version 2");
  }

  @Test
  void refusesAnAddressWithCrLf() {
    AMQP.BasicProperties p = withHeader(WireFormat.H_FROM, "a@example.test\r\nRCPT TO:<x@evil.test>");
    assertThatThrownBy(() -> WireFormat.decode(p, BODY, 1000))
        .isInstanceOf(MalformedMailException.class).hasMessageContaining("invalid envelope")
        .hasMessageNotContaining("\r");
  }

  @Test
  void refusesABodyOverTheLimit() {
    AMQP.BasicProperties p = WireFormat.properties(QueuedMail.of("r", Envelope.of("a@x.test", "b@x.test"), BODY), 0);
    assertThatThrownBy(() -> WireFormat.decode(p, BODY, BODY.length - 1))
        .isInstanceOf(MalformedMailException.class).hasMessageContaining("over the limit of " + (BODY.length - 1));
  }

  @Test
  void refusesMissingRecipientsAndMissingRequestId() {
    AMQP.BasicProperties noTo = withHeader(WireFormat.H_TO, List.of());
    assertThatThrownBy(() -> WireFormat.decode(noTo, BODY, 1000)).hasMessageContaining("no recipient");
    AMQP.BasicProperties noId = withHeader(WireFormat.H_FROM, "a@x.test").builder().messageId(null).build();
    assertThatThrownBy(() -> WireFormat.decode(noId, BODY, 1000)).hasMessageContaining("message-id");
  }

  @Test
  void requestIdsMustBePrintableTokens() {
    assertThatThrownBy(() -> QueuedMail.of("a b", Envelope.of("a@x.test", "b@x.test"), BODY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request id");
  }

  @Test
  void retryCopiesCountAttemptsAndDropTheBrokersDeathRecord() {
    AMQP.BasicProperties p = withHeader("x-death", List.of("old"));
    AMQP.BasicProperties copy = WireFormat.withHeaders(p, Map.of(WireFormat.H_ATTEMPTS, 3));
    assertThat(WireFormat.attempts(copy)).isEqualTo(3);
    assertThat(copy.getHeaders()).doesNotContainKey("x-death").containsKey(WireFormat.H_FROM);
    assertThat(copy.getMessageId()).isEqualTo(p.getMessageId());
  }

  private static AMQP.BasicProperties withHeader(String name, Object value) {
    AMQP.BasicProperties p = WireFormat.properties(QueuedMail.of("r1", Envelope.of("a@x.test", "b@x.test"), BODY), 0);
    Map<String, Object> h = new HashMap<>(p.getHeaders());
    h.put(name, value);
    return p.builder().headers(h).build();
  }
}
