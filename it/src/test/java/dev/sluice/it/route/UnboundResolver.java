package dev.sluice.it.route;

import dev.sluice.it.peers.Peers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A validating resolver for the DANE tests: Debian's {@code unbound} in the foreground on a free
 * port of 127.0.0.1, every zone of a {@link KnotDns} as a stub zone, and the DS records of its
 * signed zones as trust anchors. It sets the AD bit on answers it validated and answers SERVFAIL
 * for bogus ones; zones without an anchor are insecure (no root anchor is configured).
 */
final class UnboundResolver implements AutoCloseable {

  static final Path UNBOUND = Path.of("/usr/sbin/unbound");

  private Process process;
  private int port;

  static void require() {
    Peers.require("unbound", Files.isExecutable(UNBOUND) && Files.isExecutable(Path.of("/usr/bin/ldns-signzone")),
        UNBOUND + " or ldns-signzone is missing", "apt-get install unbound ldnsutils (or run .ci/install-peers.sh)");
  }

  UnboundResolver start(KnotDns knot, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    port = KnotDns.freePort();
    StringBuilder conf = new StringBuilder("server:\n")
        .append("    interface: 127.0.0.1\n    port: ").append(port).append('\n')
        .append("    do-daemonize: no\n    username: \"\"\n    chroot: \"\"\n    pidfile: \"\"\n")
        .append("    directory: \"").append(dir).append("\"\n    use-syslog: no\n    logfile: \"\"\n")
        .append("    verbosity: 1\n    val-log-level: 2\n    do-not-query-localhost: no\n")
        .append("    access-control: 127.0.0.0/8 allow\n    module-config: \"validator iterator\"\n")
        // RFC 6761 makes .test a local zone in unbound's defaults (always NXDOMAIN): ask Knot instead.
        .append("    local-zone: \"test.\" nodefault\n");
    for (String zone : knot.zoneNames()) {
      if (knot.trustAnchor(zone) != null) {
        conf.append("    trust-anchor-file: \"").append(knot.trustAnchor(zone)).append("\"\n");
      }
    }
    conf.append("remote-control:\n    control-enable: no\n");
    for (String zone : knot.zoneNames()) {
      conf.append("stub-zone:\n    name: \"").append(zone).append("\"\n    stub-addr: 127.0.0.1@")
          .append(knot.address().getPort()).append('\n');
    }
    Path confFile = dir.resolve("unbound.conf");
    Files.writeString(confFile, conf.toString(), StandardCharsets.UTF_8);
    Path log = dir.resolve("unbound.log");
    process = new ProcessBuilder(UNBOUND.toString(), "-d", "-c", confFile.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("unbound exited: " + Files.readString(log));
      }
      if (Files.exists(log) && Files.readString(log).contains("start of service")) {
        return this;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("unbound did not start in 20 s: " + Files.readString(log));
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  String server() {
    return "127.0.0.1:" + port;
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
}
