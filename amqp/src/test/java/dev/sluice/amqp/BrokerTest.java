package dev.sluice.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class BrokerTest {

  @Test
  void redactsThePasswordOfEveryUri() {
    Broker b = Broker.parse("amqp://app:s3cret@127.0.0.1:5672/,amqps://app:other@mq2.example.test/vh", null);
    assertThat(b.redacted()).isEqualTo("amqp://app:***@127.0.0.1:5672/,amqps://app:***@mq2.example.test/vh")
        .doesNotContain("s3cret").doesNotContain("other");
  }

  @Test
  void anUnreachableBrokerIsReportedWithTheUriRedacted() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Broker b = Broker.parse("amqp://app:s3cret@127.0.0.1:" + port + "/", null);
    assertThatThrownBy(() -> b.connect("test")).isInstanceOf(BrokerUnreachableException.class)
        .hasMessageContaining("amqp://app:***@127.0.0.1:" + port)
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void refusesOtherSchemes() {
    assertThatThrownBy(() -> Broker.parse("http://u:pw@h/", null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("u:***@h").hasMessageNotContaining("pw");
  }
}
