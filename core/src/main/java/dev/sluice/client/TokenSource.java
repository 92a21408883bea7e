package dev.sluice.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Supplies OAuth 2.0 access tokens. Asked on every connection, and once more with
 * {@code forceRefresh} after the server rejected a token (535); it may block (read a file, run a
 * command, call an identity provider): it is never called on an event loop.
 */
@FunctionalInterface
public interface TokenSource {

  /**
   * Returns a current access token.
   *
   * @param forceRefresh the previous token was rejected: do not return it again from a cache
   */
  String token(boolean forceRefresh) throws Exception;

  /** Always the same token. */
  static TokenSource of(String token) {
    return refresh -> token;
  }

  /** The value of an environment variable, read on every call. */
  static TokenSource environment(String variable) {
    return refresh -> {
      String v = System.getenv(variable);
      if (v == null || v.isBlank()) {
        throw new IllegalStateException("environment variable " + variable + " is not set or empty");
      }
      return v.strip();
    };
  }

  /** The content of a file (trimmed), read on every call, so an external refresher can rewrite it. */
  static TokenSource file(Path file) {
    return refresh -> {
      String v = Files.readString(file).strip();
      if (v.isEmpty()) {
        throw new IllegalStateException("token file " + file + " is empty");
      }
      return v;
    };
  }

  /**
   * The standard output (trimmed) of a command, run on every call; the command is told to refresh
   * by the environment variable {@code SLUICE_TOKEN_REFRESH=1}. It must finish within 60 seconds.
   */
  static TokenSource command(List<String> command) {
    return command(command, Duration.ofSeconds(60));
  }

  /**
   * Like {@link #command(List)} with another limit. The limit holds even for a helper that hangs
   * with its standard output open: the output is read on a thread of its own while this one waits
   * for the process, and at the limit the process and all its descendants are killed (which closes
   * the pipe and ends the reader).
   */
  static TokenSource command(List<String> command, Duration limit) {
    List<String> argv = List.copyOf(command);
    return refresh -> {
      ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("SLUICE_TOKEN_REFRESH", refresh ? "1" : "0");
      Process p = pb.start();
      p.getOutputStream().close();
      FutureTask<byte[]> output = new FutureTask<>(() -> {
        try (InputStream in = p.getInputStream()) {
          return in.readAllBytes();
        }
      });
      Thread reader = new Thread(output, "sluice-token-command");
      reader.setDaemon(true);
      reader.start();
      long deadline = System.nanoTime() + limit.toNanos();
      byte[] out;
      try {
        if (!p.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
          throw new IOException("token command did not finish within " + limit.toSeconds() + " s and was killed: "
              + argv.get(0));
        }
        // The process ended; a descendant may still hold the pipe open.
        out = output.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new IOException("token command left a process holding its output open past " + limit.toSeconds()
            + " s; stopped waiting for it: " + argv.get(0), e);
      } finally {
        killTree(p);
      }
      if (p.exitValue() != 0) {
        throw new IOException("token command exited with " + p.exitValue() + ": " + argv.get(0));
      }
      String token = new String(out, StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        throw new IOException("token command printed nothing: " + argv.get(0));
      }
      return token;
    };
  }

  /** Kills {@code p} and every process it started (a shell's children would keep the pipe open). */
  private static void killTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }
}
