package dev.sluice.it.peers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/** The start/stop life cycle the peers share; subclasses write configuration and launch. */
abstract class AbstractPeer implements SmtpPeer {

  /** Bounded wait for all ports to greet; {@code -Dsluice.peers.startTimeoutSeconds} overrides. */
  static final Duration START_TIMEOUT =
      Duration.ofSeconds(Long.getLong("sluice.peers.startTimeoutSeconds", 30));
  static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final int START_ATTEMPTS = 3;
  private static final int TAIL_LINES = 30;

  /** A port to wait for: greeting in plaintext, or after an implicit TLS handshake. */
  record Listener(int port, boolean implicitTls) {}

  private enum State { NEW, STARTING, RUNNING, CLOSED }

  private final String name;
  private final List<PeerProcess> processes = new ArrayList<>();
  private Path directory;
  private Duration startupTime;
  private State state = State.NEW;

  AbstractPeer(String name) {
    this.name = name;
  }

  /** Skips or fails the test when the peer cannot run (see {@link Peers#require}). */
  abstract void requireAvailable();

  /** How many ports to pick. */
  abstract int portCount();

  /** Writes the configuration into the fresh {@code dir} for these ports (TLS files are there). */
  abstract void prepare(Path dir, int[] ports) throws IOException;

  /** Starts the processes with {@link #launch(String, List, Path, Map)}. */
  abstract void launch(Path dir) throws IOException, Readiness.NotReady;

  /** The ports that must greet before start returns. */
  abstract List<Listener> listeners();

  /** Every log of the instance, main log first. */
  abstract List<Path> logFiles();

  /** Where delivered messages appear, and which files there are messages. */
  abstract List<Path> deliveryFolders();

  boolean isMessageFile(Path file) {
    return true;
  }

  /** Starts a tracked foreground process whose output goes to {@code log}. */
  final PeerProcess launch(String processName, List<String> command, Path log,
      Map<String, String> env) throws IOException {
    PeerProcess p = PeerProcess.start(processName, command, directory, log, env);
    processes.add(p);
    return p;
  }

  final void startPeer() {
    synchronized (this) {
      if (state != State.NEW) {
        throw new IllegalStateException(name + " was already started (state " + state + ")");
      }
      state = State.STARTING;
    }
    requireAvailable();
    long begin = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      Path dir;
      try {
        dir = PeerFiles.createInstanceDirectory(name.replace('+', '-'));
      } catch (IOException e) {
        state = State.CLOSED;
        throw new PeerStartException(name + ": cannot create its directory under "
            + PeerFiles.baseDirectory() + ": " + e, e);
      }
      directory = dir;
      try {
        TestCertificates.copyInto(dir);
        prepare(dir, FreePorts.pick(portCount()));
        launch(dir);
        SSLContext tls = Readiness.trusting(caFile());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (Listener l : listeners()) {
          Readiness.awaitBanner(l.port(), l.implicitTls() ? tls : null, deadline,
              this::deathNotice);
        }
        String dead = deathNotice(); // the banner could have come from a port thief
        if (dead != null) {
          throw new Readiness.NotReady(dead, true, null);
        }
        startupTime = Duration.ofNanos(System.nanoTime() - begin);
        state = State.RUNNING;
        return;
      } catch (IOException | Readiness.NotReady | RuntimeException e) {
        String tail = logTail();
        stopProcesses();
        boolean portClash = tail.toLowerCase(Locale.ROOT).contains("address already in use");
        if (portClash && attempt < START_ATTEMPTS) {
          PeerFiles.deleteTree(dir); // somebody took a port between probe and bind: new ports
          continue;
        }
        state = State.CLOSED;
        throw new PeerStartException(name + " did not start: " + e.getMessage()
            + "\nits directory is kept for inspection: " + dir + "\n" + tail, e);
      }
    }
  }

  /** Null while every process runs, else which one exited and how. */
  private String deathNotice() {
    for (PeerProcess p : processes) {
      if (!p.isRunning()) {
        return p.name() + " (pid " + p.pid() + ") exited with code " + p.exitCode();
      }
    }
    return null;
  }

  private boolean isAlive() {
    return !processes.isEmpty() && processes.stream().allMatch(PeerProcess::isRunning);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public synchronized boolean isRunning() {
    return state == State.RUNNING && isAlive();
  }

  /** Throws unless started (ports and files exist only then). */
  final void requireStarted() {
    if (state == State.NEW || state == State.STARTING && directory == null) {
      throw new IllegalStateException(name + " is not started");
    }
  }

  @Override
  public Path caFile() {
    requireStarted();
    return directory.resolve(TestCertificates.CA);
  }

  /** The server certificate (signed by {@link #caFile()}). */
  public Path certificateFile() {
    requireStarted();
    return directory.resolve(TestCertificates.CERT);
  }

  @Override
  public Path directory() {
    requireStarted();
    return directory;
  }

  @Override
  public Path logFile() {
    requireStarted();
    return logFiles().get(0);
  }

  @Override
  public String logTail() {
    if (directory == null) {
      return "(" + name + " has no logs: not started)";
    }
    StringBuilder sb = new StringBuilder();
    for (Path log : logFiles()) {
      sb.append("--- ").append(log).append(" (last ").append(TAIL_LINES).append(" lines) ---\n")
          .append(PeerFiles.tail(log, TAIL_LINES)).append('\n');
    }
    return sb.toString();
  }

  @Override
  public Duration startupTime() {
    requireStarted();
    return startupTime;
  }

  @Override
  public int deliveredCount() {
    requireStarted();
    return Maildir.files(deliveryFolders(), messageFilter()).size();
  }

  /** The files of every message delivered so far, in delivery order (complete files only). */
  public List<Path> deliveredFiles() {
    requireStarted();
    return Maildir.files(deliveryFolders(), messageFilter());
  }

  @Override
  public List<byte[]> awaitDelivered(int count, Duration timeout) {
    return Maildir.readAll(awaitDeliveredFiles(count, timeout));
  }

  /** Like {@link #awaitDelivered} but returns the files. */
  public List<Path> awaitDeliveredFiles(int count, Duration timeout) {
    requireStarted();
    return Maildir.await(deliveryFolders(), messageFilter(), count, timeout, this::logTail);
  }

  @Override
  public void clearDelivered() {
    requireStarted();
    Maildir.clear(deliveryFolders());
  }

  private Predicate<Path> messageFilter() {
    return this::isMessageFile;
  }

  /** The tracked server processes (package-private: for the harness's own tests). */
  final List<PeerProcess> processes() {
    return List.copyOf(processes);
  }

  private Set<Long> stopProcesses() {
    List<PeerProcess> reversed = new ArrayList<>(processes);
    java.util.Collections.reverse(reversed);
    Set<Long> left = Set.of();
    // one at a time, last started first: Postfix before the Dovecot it authenticates against
    for (PeerProcess p : reversed) {
      Set<Long> l = PeerProcess.terminate(List.of(p), STOP_GRACE);
      if (!l.isEmpty()) {
        left = l;
      }
    }
    processes.clear();
    return left;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (state == State.CLOSED || state == State.NEW) {
        state = State.CLOSED;
        return;
      }
      state = State.CLOSED;
    }
    Set<Long> left = stopProcesses();
    if (!PeerFiles.keepDirectories() && directory != null) {
      PeerFiles.deleteTree(directory);
    }
    if (!left.isEmpty()) {
      throw new IllegalStateException(name + ": processes " + left + " survived SIGKILL");
    }
  }

  @Override
  public String toString() {
    return name + (directory == null ? " (not started)" : " in " + directory) + " " + state;
  }
}
