package dev.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.NetUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivateAddressesTest {

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.2", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.1.1", "100.64.0.1",
      "0.0.0.0", "192.0.2.1", "198.18.0.1", "224.0.0.1", "255.255.255.255", "::1", "fd00::1", "fe80::1",
      "::ffff:10.0.0.1", "2001:db8::1"})
  void refusesNonRoutableSpace(String ip) {
    assertThat(PrivateAddresses.isPrivate(NetUtil.createInetAddressFromIpAddressString(ip))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2a00:1450:4001::1b"})
  void acceptsPublicAddresses(String ip) {
    assertThat(PrivateAddresses.isPrivate(NetUtil.createInetAddressFromIpAddressString(ip))).isFalse();
  }
}
