package dev.sluice.amqp.broker;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One private RabbitMQ node (the recipe of PEERS.md): its own name, AMQP and distribution ports on
 * 127.0.0.1, mnesia, log, config and pid file in {@code dir}. {@link #start()} waits for
 * {@code rabbitmqctl await_startup}; {@link #kill()} is a SIGKILL of the Erlang VM (a crash);
 * {@link #stop()} a clean stop. A JVM shutdown hook kills whatever is still running.
 */
public final class RabbitNode implements AutoCloseable {

  public static final Path SERVER = Path.of("/usr/sbin/rabbitmq-server");
  public static final Path CTL = Path.of("/usr/sbin/rabbitmqctl");
  private static final Set<RabbitNode> LIVE = ConcurrentHashMap.newKeySet();
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(RabbitNode::kill), "sluice-rabbit-reaper"));
  }

  private final String name;
  private final int amqpPort;
  private final int distPort;
  private final Path dir;
  private Process process;

  private RabbitNode(String name, int amqpPort, int distPort, Path dir) {
    this.name = name;
    this.amqpPort = amqpPort;
    this.distPort = distPort;
    this.dir = dir;
  }

  /** Why a node cannot run here, or empty when it can. */
  public static Optional<String> unavailable() {
    if (!Files.isExecutable(SERVER) || !Files.isExecutable(CTL)) {
      return Optional.of("rabbitmq-server not found at " + SERVER + " (Debian package rabbitmq-server; "
          + "install the peers with `sudo .ci/install-peers.sh`)");
    }
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      if (!(uid instanceof Integer i && i == 0)) {
        return Optional.of("the tests must run as root to start a node as user rabbitmq");
      }
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of("cannot tell whether this runs as root: " + e.getMessage());
    }
    return Optional.empty();
  }

  /** A node named {@code prefix-<random>@localhost} in a new folder under {@code parent}, not started. */
  public static RabbitNode create(String prefix, Path parent) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    int amqp = freePort();
    int dist = freePort();
    try {
      Path dir = Files.createDirectories(parent.resolve(name.substring(0, name.indexOf('@'))));
      return new RabbitNode(name, amqp, dist, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the node and waits until it runs (up to 90 s). */
  public synchronized RabbitNode start() {
    try {
      Files.writeString(dir.resolve("plugins"), "[].\n");
      Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.default = 127.0.0.1:" + amqpPort + "\n"
          + "loopback_users = none\n"
          + "distribution.listener.interface = 127.0.0.1\n");
      chownTree(dir.getParent());
      ProcessBuilder pb = new ProcessBuilder("setsid", SERVER.toString())
          .directory(new File("/var/lib/rabbitmq"))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().putAll(env());
      process = pb.start();
      LIVE.add(this);
      awaitStartup(Duration.ofSeconds(90));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start RabbitMQ node " + name, e);
    }
  }

  private Map<String, String> env() {
    return Map.of("RABBITMQ_NODENAME", name, "RABBITMQ_NODE_PORT", Integer.toString(amqpPort),
        "RABBITMQ_DIST_PORT", Integer.toString(distPort),
        "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(), "RABBITMQ_LOG_BASE", dir.resolve("log").toString(),
        "RABBITMQ_PID_FILE", dir.resolve("pid").toString(),
        "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("plugins").toString(),
        "RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString(), "LC_ALL", "C.UTF-8");
  }

  private void awaitStartup(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException("RabbitMQ node " + name + " exited with " + process.exitValue()
            + "; see " + dir.resolve("stdout.log") + " and " + dir.resolve("log"));
      }
      Ctl r = ctl(Duration.ofSeconds(70), "await_startup", "--timeout", "60");
      if (r.exit == 0) {
        return;
      }
      last = r.out;
      sleep(500);
    }
    throw new IllegalStateException("RabbitMQ node " + name + " did not start in " + timeout.toSeconds() + " s: "
        + last + "; see " + dir.resolve("log"));
  }

  /** Output and exit code of a {@code rabbitmqctl} run. */
  public record Ctl(int exit, String out) {}

  /** Runs {@code rabbitmqctl -n NAME args…}. */
  public Ctl ctl(Duration timeout, String... args) {
    List<String> cmd = new ArrayList<>(List.of(CTL.toString(), "-n", name));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(new File("/var/lib/rabbitmq")).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new Ctl(-1, "rabbitmqctl " + String.join(" ", args) + " timed out");
      }
      return new Ctl(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Ctl(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Ctl(-1, "interrupted");
    }
  }

  /** {@link #ctl} that must succeed. */
  public String ctlOk(String... args) {
    Ctl r = ctl(Duration.ofSeconds(120), args);
    if (r.exit != 0) {
      throw new IllegalStateException("rabbitmqctl -n " + name + " " + String.join(" ", args) + " failed: " + r.out);
    }
    return r.out;
  }

  /** Makes this (started, empty) node join {@code first}'s cluster. */
  public void join(RabbitNode first) {
    ctlOk("stop_app");
    ctlOk("join_cluster", first.name);
    ctlOk("start_app");
  }

  /** SIGKILL to the Erlang VM and its children: a crash, no clean shutdown. */
  public synchronized void kill() {
    Long pid = vmPid();
    if (pid != null) {
      ProcessHandle.of(pid).ifPresent(h -> {
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
      });
    }
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (pid != null) {
      awaitGone(pid, Duration.ofSeconds(10));
    }
    LIVE.remove(this);
  }

  /** A clean stop ({@code rabbitmqctl stop}); a kill if that fails. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    Long pid = vmPid();
    Ctl r = ctl(Duration.ofSeconds(60), "stop");
    if (r.exit != 0 || (pid != null && !awaitGone(pid, Duration.ofSeconds(30)))) {
      kill();
    }
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LIVE.remove(this);
    process = null;
  }

  private Long vmPid() {
    try {
      String s = Files.readString(dir.resolve("pid")).trim();
      return s.isEmpty() ? null : Long.parseLong(s);
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  private static boolean awaitGone(long pid, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> h = ProcessHandle.of(pid);
      if (h.isEmpty() || !h.get().isAlive()) {
        return true;
      }
      sleep(50);
    }
    return false;
  }

  public String name() {
    return name;
  }

  public int amqpPort() {
    return amqpPort;
  }

  public Path dir() {
    return dir;
  }

  /** {@code amqp://guest:guest@127.0.0.1:PORT/}. */
  public String uri() {
    return "amqp://guest:guest@127.0.0.1:" + amqpPort + "/";
  }

  /** {@code amqp://guest@127.0.0.1:PORT/}: the password goes separately (--amqp-password-env). */
  public String uriWithoutPassword() {
    return "amqp://guest@127.0.0.1:" + amqpPort + "/";
  }

  @Override
  public void close() {
    stop();
  }

  /** Deletes a folder the nodes used, once they are stopped; quietly (a test's clean-up). */
  public static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover in /tmp is not worth failing a test over
    }
  }

  private static void chownTree(Path root) throws IOException {
    try {
      Process p = new ProcessBuilder("chown", "-R", "rabbitmq:rabbitmq", root.toString()).redirectErrorStream(true)
          .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new IOException("chown -R rabbitmq " + root + " failed: " + new String(out, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** A free port in 20000-32767 (below Linux's ephemeral range), never handed out twice per JVM. */
  static int freePort() {
    for (int i = 0; i < 1000; i++) {
      int port = ThreadLocalRandom.current().nextInt(20000, 32768);
      if (HANDED_OUT.contains(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress("127.0.0.1", port), 1);
      } catch (IOException e) {
        continue;
      }
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port on 127.0.0.1");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
