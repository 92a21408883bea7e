package dev.sluice.it.peers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free TCP ports on 127.0.0.1 by trying to bind them. Ports come from 20000-32767: high, yet
 * below Linux's ephemeral range (32768-60999) so that outgoing connections do not take them between
 * the probe and the server's bind. A port is never handed out twice in one JVM.
 */
final class FreePorts {

  static final int LOW = 20000;
  static final int HIGH = 32767;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  /** {@code count} distinct ports that were free a moment ago. */
  static int[] pick(int count) {
    int[] ports = new int[count];
    for (int i = 0; i < count; i++) {
      ports[i] = pickOne();
    }
    return ports;
  }

  private static int pickOne() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH + 1);
      if (!HANDED_OUT.contains(port) && canBind(port) && HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port on 127.0.0.1 in " + LOW + "-" + HIGH);
  }

  static boolean canBind(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(Peers.HOST), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
