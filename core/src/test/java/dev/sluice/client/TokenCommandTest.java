package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TokenSource#command}: the limit holds even when the helper keeps its output open. */
class TokenCommandTest {

  /** The guard against a hang: far above the 1 s limit, so it says nothing about speed. */
  private static final Duration NO_HANG = Duration.ofSeconds(30);

  @Test
  void killsAHelperThatHangsWithItsOutputOpenAndItsChildren(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("child.pid");
    // The shell starts a child that inherits stdout, prints part of a token, and waits for ever.
    TokenSource source = TokenSource.command(List.of("sh", "-c",
        "sleep 600 & echo $! > '" + pidFile + "'; printf partial; wait"), Duration.ofSeconds(1));

    assertTimeoutPreemptively(NO_HANG, () -> assertThatThrownBy(() -> source.token(false))
        .isInstanceOf(IOException.class).hasMessageContaining("within 1 s"));

    long child = Long.parseLong(Files.readString(pidFile).strip());
    ProcessHandle handle = ProcessHandle.of(child).orElse(null);
    try {
      if (handle != null) {
        handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      }
      assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("the child was killed").isFalse();
    } finally {
      ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void doesNotWaitForAnOrphanThatKeepsThePipeOpenAfterTheHelperExits(@TempDir Path dir) throws Exception {
    // The orphan left the helper's process tree, so it cannot be killed. Once the helper exits the
    // JDK drains the pipe and ends the stream, unless the reader is already blocked on it: then the
    // limit ends the wait. Either way, no hang past the limit.
    Path pidFile = dir.resolve("orphan.pid");
    TokenSource source = TokenSource.command(List.of("sh", "-c",
        "(sleep 600 & echo $! > '" + pidFile + "') ; printf tok"), Duration.ofSeconds(1));
    try {
      Object result = assertTimeoutPreemptively(NO_HANG, () -> {
        try {
          return source.token(false);
        } catch (IOException e) {
          return e;
        }
      });
      if (result instanceof IOException e) {
        assertThat(e).hasMessageContaining("holding its output open past 1 s");
      } else {
        assertThat(result).isEqualTo("tok");
      }
    } finally {
      ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void returnsTheTrimmedOutputOfAHelperThatFinishes() throws Exception {
    TokenSource source = TokenSource.command(List.of("sh", "-c", "echo \"  t-$SLUICE_TOKEN_REFRESH  \""));
    assertThat(source.token(true)).isEqualTo("t-1");
  }
}
