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
  private final java.util.Set<String> signed = new java.util.HashSet<>();
  private final Map<String, List<String>> corrupt = new LinkedHashMap<>();
  private final Map<String, Path> trustAnchors = new LinkedHashMap<>();
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

  /** Signs zone {@code zone} with ldns-signzone (a KSK and a ZSK, ECDSA P-256, NSEC3) before serving it. */
  KnotDns signed(String zone) {
    signed.add(zone);
    return this;
  }

  /**
   * Breaks the signature of the {@code type} RRset of {@code owner} (absolute, with the trailing
   * dot) in signed zone {@code zone}, so that a validating resolver finds it bogus.
   */
  KnotDns corruptSignature(String zone, String owner, String type) {
    corrupt.computeIfAbsent(zone, z -> new ArrayList<>()).add(owner + "|" + type);
    return this;
  }

  /** The DS record file of a signed zone, for a validating resolver's trust anchor. */
  Path trustAnchor(String zone) {
    return trustAnchors.get(zone);
  }

  /** The zones served. */
  java.util.Set<String> zoneNames() {
    return zones.keySet();
  }

  private String sign(String name, Path zonesDir) throws IOException, InterruptedException {
    String ksk = run(zonesDir, "ldns-keygen", "-a", "ECDSAP256SHA256", "-k", name).trim();
    String zsk = run(zonesDir, "ldns-keygen", "-a", "ECDSAP256SHA256", name).trim();
    run(zonesDir, "ldns-signzone", "-n", name + ".zone", ksk, zsk);
    trustAnchors.put(name, zonesDir.resolve(ksk + ".ds"));
    Path signedFile = zonesDir.resolve(name + ".zone.signed");
    List<String> lines = new ArrayList<>(Files.readAllLines(signedFile));
    for (String c : corrupt.getOrDefault(name, List.of())) {
      String owner = c.substring(0, c.indexOf('|'));
      String type = c.substring(c.indexOf('|') + 1);
      for (int i = 0; i < lines.size(); i++) {
        String[] f = lines.get(i).split("\\s+");
        if (f.length > 5 && f[0].equals(owner) && f[3].equals("RRSIG") && f[4].equals(type)) {
          String sig = f[f.length - 1];
          // Flip characters in the middle of the base64 signature: still well-formed, no longer valid.
          char[] chars = sig.toCharArray();
          for (int k = 10; k < 20 && k < chars.length; k++) {
            chars[k] = chars[k] == 'A' ? 'B' : 'A';
          }
          lines.set(i, lines.get(i).substring(0, lines.get(i).lastIndexOf(sig)) + new String(chars));
        }
      }
    }
    Files.write(signedFile, lines);
    return name + ".zone.signed";
  }

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out;
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
      String file = signed.contains(name) ? sign(name, dir.resolve("zones")) : name + ".zone";
      conf.append("  - domain: ").append(name).append("\n    storage: \"").append(dir.resolve("zones"))
          .append("\"\n    file: \"").append(file).append("\"\n");
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
