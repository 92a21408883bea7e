package dev.sluice.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code sluice} CLI jar as a separate process, the way users run it. */
public final class SluiceCli {

  /** What a run printed and how it ended. */
  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private SluiceCli() {}

  /** {@code cli/target/sluice.jar}, built by the reactor before this module's tests. */
  public static Path jar() {
    for (Path p : List.of(Path.of("../cli/target/sluice.jar"), Path.of("cli/target/sluice.jar"))) {
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath();
      }
    }
    throw new IllegalStateException("cli/target/sluice.jar is missing: build the cli module first (mvn -pl it -am verify)");
  }

  /** The command line that runs the CLI with {@code args} on this JVM's java. */
  public static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command(args));
    pb.environment().putAll(env);
    Path out = Files.createTempFile("sluice-out", ".txt");
    Path err = Files.createTempFile("sluice-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("sluice " + String.join(" ", args) + " did not finish in 120 s");
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
