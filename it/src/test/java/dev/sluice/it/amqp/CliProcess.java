package dev.sluice.it.amqp;

import dev.sluice.it.SluiceCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@code sluice} CLI child process with its output in files; killed or stopped by the test. */
final class CliProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path out;
  private final Path err;

  private CliProcess(String name, Process process, Path out, Path err) {
    this.name = name;
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code sluice args…} with a small heap (several run at once on a 2-core box). */
  static CliProcess start(String name, Path dir, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(SluiceCli.command(args));
    cmd.add(1, "-Xmx256m");
    cmd.add(2, "-XX:+UseSerialGC");
    Files.createDirectories(dir);
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
    pb.environment().putAll(env);
    return new CliProcess(name, pb.start(), out, err);
  }

  /** Runs to the end (at most {@code timeout}) and returns the exit code. */
  int await(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " did not finish in " + timeout.toSeconds() + " s; stderr: " + err());
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, nothing settled. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM and wait for the graceful exit. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return await(timeout);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String out() {
    return read(out);
  }

  String err() {
    return read(err);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return name + " (exit " + (process.isAlive() ? "-" : process.exitValue()) + ")\n--- stdout\n" + out()
        + "--- stderr\n" + err();
  }
}
