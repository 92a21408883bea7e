package dev.sluice.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    List<String> argv = List.copyOf(command);
    return refresh -> {
      ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("SLUICE_TOKEN_REFRESH", refresh ? "1" : "0");
      Process p = pb.start();
      p.getOutputStream().close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream in = p.getInputStream()) {
        in.transferTo(out);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("token command did not finish within 60 s: " + argv.get(0));
      }
      if (p.exitValue() != 0) {
        throw new IOException("token command exited with " + p.exitValue() + ": " + argv.get(0));
      }
      String token = out.toString(StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        throw new IOException("token command printed nothing: " + argv.get(0));
      }
      return token;
    };
  }
}
