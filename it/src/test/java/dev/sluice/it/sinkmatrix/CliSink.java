package dev.sluice.it.sinkmatrix;

import dev.sluice.it.SluiceCli;
import dev.sluice.it.peers.Clients;
import dev.sluice.sink.TlsMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code sluice sink} as users run it: the CLI jar in its own JVM, on a free port ({@code --port 0}),
 * with our certificate, one {@code --auth} user and {@code --store DIR}; stopped with SIGTERM.
 */
final class CliSink implements SinkUnderTest {

  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Duration START = Duration.ofSeconds(30);

  private final Process process;
  private final Path store;
  private final Path out;
  private final Path err;
  private final Clients.Server server;

  CliSink(TlsMode mode, TestPki pki, Path workDir) {
    String name = mode.name().toLowerCase(Locale.ROOT);
    this.store = workDir.resolve("store-" + name);
    this.out = workDir.resolve("sink-" + name + ".out");
    this.err = workDir.resolve("sink-" + name + ".err");
    List<String> args = new ArrayList<>(List.of("sink", "--bind", "127.0.0.1", "--port", "0", "--tls", name,
        "--auth", SinkMatrix.USER + ":" + SinkMatrix.PASSWORD, "--store", store.toString()));
    if (mode != TlsMode.NONE) {
      args.addAll(List.of("--cert", pki.chainFile.toString(), "--key", pki.keyFile.toString()));
    }
    List<String> command = SluiceCli.command(args.toArray(String[]::new));
    try {
      this.process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      this.server = new Clients.Server(awaitPort(), SinkMatrix.security(mode), pki.caFile, workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private int awaitPort() throws IOException {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(out, StandardCharsets.UTF_8));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!process.isAlive()) {
        break;
      }
      sleep(20);
    }
    throw new AssertionError("sluice sink did not say \"listening on\" within " + START + " (exit "
        + (process.isAlive() ? "-" : process.exitValue()) + ")\n" + output());
  }

  private String output() {
    try {
      return "--- stdout\n" + Files.readString(out) + "--- stderr\n" + Files.readString(err);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public Clients.Server server() {
    return server;
  }

  /** Finds {@code ID.envelope} naming the recipient (written after {@code ID.eml}) and reads both. */
  @Override
  public Received await(String recipient, Duration timeout) throws IOException {
    String rcptLine = "rcpt: <" + recipient + ">";
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (Files.isDirectory(store)) {
        try (Stream<Path> files = Files.list(store)) {
          for (Path envelope : files.filter(f -> f.toString().endsWith(".envelope")).toList()) {
            List<String> lines = Files.readAllLines(envelope, StandardCharsets.UTF_8);
            if (lines.stream().anyMatch(l -> l.equals(rcptLine) || l.startsWith(rcptLine + " "))) {
              Path eml = envelope.resolveSibling(envelope.getFileName().toString().replace(".envelope", ".eml"));
              return new Received(Files.readAllBytes(eml), !value(lines, "tls").equals("none"),
                  lines.stream().anyMatch(l -> l.startsWith("auth: ")) ? value(lines, "auth") : null,
                  value(lines, "from").replaceFirst("^<([^>]*)>.*$", "$1"));
            }
          }
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("sluice sink stored nothing for " + recipient + " within " + timeout + "\n"
            + output());
      }
      sleep(10);
    }
  }

  private static String value(List<String> lines, String key) {
    return lines.stream().filter(l -> l.startsWith(key + ": ")).findFirst()
        .map(l -> l.substring(key.length() + 2)).orElse("");
  }

  /** SIGTERM (the sink prints its counters and exits), SIGKILL if it lingers. */
  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
