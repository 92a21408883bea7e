package dev.sluice.route;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses a mail exchanger on the public Internet never has: loopback, private (RFC 1918, RFC
 * 4193), link-local, carrier-grade NAT (RFC 6598), documentation, benchmarking, multicast and
 * reserved space. An MX pointing there is either a misconfiguration, a spam trap, or an attempt to
 * make the sender connect to services on its own network (SSRF); such hosts are refused unless the
 * router was told to allow them (tests, labs).
 */
public final class PrivateAddresses {

  private PrivateAddresses() {}

  public static boolean isPrivate(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      return isPrivateV4(b, 0);
    }
    if (a instanceof Inet6Address) {
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) {
        return true; // fc00::/7 unique local
      }
      if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
        return true; // 2001:db8::/32 documentation
      }
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        return isPrivateV4(b, 12) || (b[12] == 127); // ::ffff:a.b.c.d
      }
      return first == 0 || (first == 0x01 && b[1] == 0); // ::/8 reserved, 100::/64 discard
    }
    return false;
  }

  private static boolean isPrivateV4(byte[] b, int o) {
    int x = b[o] & 0xff;
    int y = b[o + 1] & 0xff;
    int z = b[o + 2] & 0xff;
    return x == 0 || x == 10 || x == 127 || x >= 224
        || (x == 100 && (y & 0xc0) == 64) // 100.64.0.0/10 carrier-grade NAT
        || (x == 169 && y == 254) || (x == 172 && (y & 0xf0) == 16) || (x == 192 && y == 168)
        || (x == 192 && y == 0 && (z == 0 || z == 2)) // 192.0.0.0/24, 192.0.2.0/24
        || (x == 198 && (y & 0xfe) == 18) // 198.18.0.0/15 benchmarking
        || (x == 198 && y == 51 && z == 100) || (x == 203 && y == 0 && z == 113); // documentation
  }
}
