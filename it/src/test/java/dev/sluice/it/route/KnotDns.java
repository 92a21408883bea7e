package dev.sluice.it.route;

import dev.sluice.it.peers.Peers;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real authoritative DNS server for the routing tests: Debian's {@code knotd}, in the foreground
 * as a child process, serving generated zones from a private folder on a free high port of
 * 127.0.0.1 (the recipe in PEERS.md). Stopped (and its folder left for inspection) by
 * {@link #close()}.
 */
final class KnotDns implements AutoCloseable {

  static final Path KNOTD = Path.of("/usr/sbin/knotd");
  static final Path KNOTC = Path.of("/usr/sbin/knotc");

  private final Map<String, List<String>> zones = new LinkedHashMap<>();
  private Process process;
  private int port;
  private Path dir;

  /** Skips (or, with CI=true, fails) the test when Knot is not installed. */
  static void require() {
    Peers.require("knot", Files.isExecutable(KNOTD) && Files.isExecutable(KNOTC), KNOTD + " is missing",
        "apt-get install knot knot-dnsutils (or run .ci/install-peers.sh)");
  }

  /** Adds records to zone {@code zone} (relative names, or absolute with a trailing dot). */
  KnotDns zone(String zone, String... records) {
    zones.computeIfAbsent(zone, z -> new ArrayList<>()).addAll(List.of(records));
    return this;
  }

  KnotDns start(Path workDir) throws IOException, InterruptedException {
    dir = workDir;
    Files.createDirectories(dir.resolve("zones"));
    Files.createDirectories(dir.resolve("db"));
    port = freePort();
    StringBuilder conf = new StringBuilder()
        .append("server:\n    rundir: \"").append(dir).append("\"\n    listen: 127.0.0.1@").append(port)
        .append("\n    user: root\n")
        .append("log:\n  - target: stderr\n    any: warning\n")
        .append("database:\n    storage: \"").append(dir.resolve("db")).append("\"\n")
        .append("zone:\n");
    for (Map.Entry<String, List<String>> z : zones.entrySet()) {
      String name = z.getKey();
      StringBuilder zone = new StringBuilder("$ORIGIN ").append(name).append(".\n$TTL 300\n")
          .append("@ SOA ns.").append(name).append(". hostmaster.").append(name).append(". 1 3600 600 86400 60\n")
          .append("@ NS ns.").append(name).append(".\nns A 127.0.0.1\n");
      z.getValue().forEach(r -> zone.append(r).append('\n'));
      Files.writeString(dir.resolve("zones").resolve(name + ".zone"), zone.toString(), StandardCharsets.UTF_8);
      conf.append("  - domain: ").append(name).append("\n    storage: \"").append(dir.resolve("zones"))
          .append("\"\n    file: \"").append(name).append(".zone\"\n");
    }
    Path confFile = dir.resolve("knot.conf");
    Files.writeString(confFile, conf.toString(), StandardCharsets.UTF_8);
    process = new ProcessBuilder(KNOTD.toString(), "-c", confFile.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("knotd.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("knotd exited: " + Files.readString(dir.resolve("knotd.log")));
      }
      Process status = new ProcessBuilder(KNOTC.toString(), "-c", confFile.toString(), "zone-status")
          .redirectErrorStream(true).start();
      String out = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (status.waitFor() == 0 && zones.keySet().stream().allMatch(z -> out.contains("[" + z + ".]"))
          && !out.contains("serial: none")) {
        return this;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("knotd did not load its zones in 20 s: " + Files.readString(dir.resolve("knotd.log")));
  }

  /** {@code 127.0.0.1:PORT}, for {@code --dns-server}. */
  String server() {
    return "127.0.0.1:" + port;
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** A port free for both UDP and TCP on 127.0.0.1 a moment ago. */
  static int freePort() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int p = ThreadLocalRandom.current().nextInt(33000, 60000);
      try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
        tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
        udp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
        return p;
      } catch (IOException busy) {
        // try another
      }
    }
    throw new IllegalStateException("no free port for knotd");
  }
}
