package dev.sluice.it.peers;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A server process started in the foreground by the harness, with its output in a log file. It is
 * tracked by PID; {@link #stop} ends it and every process it started: SIGTERM first, SIGKILL after a
 * grace period. A process counts as ended when it is gone or a zombie ({@code ps -o stat=} shows
 * {@code Z}): some sandboxes reap orphans late, and {@code kill -0} would call a zombie alive.
 */
final class PeerProcess {

  private static final Duration POLL = Duration.ofMillis(20);
  private static final Set<PeerProcess> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(PeerProcess::killAllLive, "sluice-peers-reaper"));
  }

  private final String name;
  private final Process process;
  private final Path log;

  private PeerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} in {@code workDir} with stdout and stderr appended to {@code log}, stdin
   * closed, and the environment trimmed of variables that redirect interpreters (pyenv, PERL5LIB).
   */
  static PeerProcess start(String name, List<String> command, Path workDir, Path log,
      Map<String, String> extraEnv) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("PYTHON") || k.startsWith("PERL") || k.startsWith("PYENV")
        || k.equals("MAIL_CONFIG") || k.startsWith("LD_"));
    env.put("LC_ALL", "C");
    env.putAll(extraEnv);
    PeerProcess started = new PeerProcess(name, builder.start(), log);
    LIVE.add(started);
    return started;
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** True until the process exits (the JDK reaps its own children, so no zombie to mistake). */
  boolean isRunning() {
    return process.isAlive();
  }

  /** The exit code if the process has exited, else null. */
  Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

  /** The process and its descendants, as the kernel knows them now. */
  List<ProcessHandle> tree() {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(process.toHandle());
    process.descendants().forEach(tree::add);
    return tree;
  }

  /** Ends the process and its descendants; see {@link #terminate}. */
  void stop(Duration grace) {
    try {
      terminate(List.of(this), grace);
    } finally {
      LIVE.remove(this);
    }
  }

  /**
   * Sends SIGTERM to every process in the trees of {@code processes} (roots first), waits up to
   * {@code grace} for all of them to end, then sends SIGKILL to whatever is left (including children
   * started meanwhile) and waits a little more. Returns the PIDs that still had not ended.
   */
  static Set<Long> terminate(Collection<PeerProcess> processes, Duration grace) {
    Map<Long, ProcessHandle> all = new HashMap<>();
    for (PeerProcess p : processes) {
      for (ProcessHandle h : p.tree()) {
        all.put(h.pid(), h);
      }
    }
    for (PeerProcess p : processes) {
      p.process.toHandle().destroy(); // SIGTERM
    }
    all.values().forEach(ProcessHandle::destroy);
    Set<Long> left = awaitEnded(all.keySet(), grace);
    if (!left.isEmpty()) {
      for (PeerProcess p : processes) {
        for (ProcessHandle h : p.tree()) {
          all.putIfAbsent(h.pid(), h);
          left.add(h.pid());
        }
      }
      for (long pid : left) {
        all.get(pid).destroyForcibly(); // SIGKILL
      }
      left = awaitEnded(left, Duration.ofSeconds(5));
    }
    for (PeerProcess p : processes) {
      try {
        p.process.waitFor(1, TimeUnit.SECONDS); // lets the JDK reap our direct child
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      LIVE.remove(p);
    }
    return left;
  }

  /** Waits until every PID has ended; returns those that have not within {@code timeout}. */
  static Set<Long> awaitEnded(Collection<Long> pids, Duration timeout) {
    Set<Long> left = new LinkedHashSet<>(pids);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      left.removeAll(endedPids(left));
      if (left.isEmpty() || System.nanoTime() > deadline) {
        return left;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return left;
      }
    }
  }

  /** Of {@code pids}, those that no longer exist or are zombies, asking {@code ps -o pid=,stat=}. */
  static Set<Long> endedPids(Collection<Long> pids) {
    if (pids.isEmpty()) {
      return Set.of();
    }
    Map<Long, String> states = new HashMap<>();
    try {
      String list = pids.stream().map(String::valueOf).collect(Collectors.joining(","));
      Process ps = new ProcessBuilder("ps", "-o", "pid=,stat=", "-p", list)
          .redirectErrorStream(true).start();
      ps.getOutputStream().close();
      String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      ps.waitFor(5, TimeUnit.SECONDS);
      for (String line : out.split("\n")) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 2 && f[0].matches("\\d+")) {
          states.put(Long.parseLong(f[0]), f[1]);
        }
      }
    } catch (IOException e) {
      // no ps: fall back to the kernel's view through ProcessHandle (zombies count as alive)
      Set<Long> ended = new LinkedHashSet<>();
      for (long pid : pids) {
        if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
          ended.add(pid);
        }
      }
      return ended;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Set.of();
    }
    Set<Long> ended = new LinkedHashSet<>();
    for (long pid : pids) {
      String stat = states.get(pid);
      if (stat == null || stat.startsWith("Z")) {
        ended.add(pid);
      }
    }
    return ended;
  }

  private static void killAllLive() {
    for (PeerProcess p : LIVE) {
      p.process.descendants().forEach(ProcessHandle::destroyForcibly);
      p.process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return name + "[pid " + process.pid() + "]";
  }
}
