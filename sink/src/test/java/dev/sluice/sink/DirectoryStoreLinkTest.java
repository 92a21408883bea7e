package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sink.store.DirectoryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DirectoryStore never writes through a symbolic link someone planted in its directory. */
class DirectoryStoreLinkTest {

  private static StoredMessage message(String id) {
    return new StoredMessage(id, "a@example.test", List.of(new Recipient("b@example.test", Map.of())), Map.of(),
        "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), Transfer.DATA, null, null, "client.test",
        true, null, Instant.EPOCH);
  }

  @Test
  void refusesToWriteThroughAPlantedTemporaryLink(@TempDir Path root) throws Exception {
    Path dir = Files.createDirectory(root.resolve("store"));
    Path victim = Files.writeString(root.resolve("victim"), "precious");
    Files.createSymbolicLink(dir.resolve("m1.eml.tmp"), victim);
    DirectoryStore store = new DirectoryStore(dir);
    try {
      assertThatThrownBy(() -> store.store(message("m1")).toCompletableFuture().join())
          .hasRootCauseInstanceOf(java.nio.file.FileAlreadyExistsException.class);
      assertThat(Files.readString(victim)).isEqualTo("precious");
    } finally {
      store.close();
    }
  }

  @Test
  void refusesToReplaceAPlantedFinalLinkAndWritesNormallyOtherwise(@TempDir Path root) throws Exception {
    Path dir = Files.createDirectory(root.resolve("store"));
    Path victim = Files.writeString(root.resolve("victim"), "precious");
    Files.createSymbolicLink(dir.resolve("m2.eml"), victim);
    DirectoryStore store = new DirectoryStore(dir);
    try {
      assertThatThrownBy(() -> store.store(message("m2")).toCompletableFuture().join())
          .hasRootCauseInstanceOf(java.nio.file.FileAlreadyExistsException.class);
      assertThat(Files.readString(victim)).isEqualTo("precious");
      assertThat(Files.isSymbolicLink(dir.resolve("m2.eml"))).isTrue();
      assertThat(dir.resolve("m2.eml.tmp")).doesNotExist();

      store.store(message("m3")).toCompletableFuture().join();
      assertThat(Files.readString(dir.resolve("m3.eml"))).isEqualTo("Subject: x\r\n\r\nbody\r\n");
      assertThat(Files.readString(dir.resolve("m3.envelope"))).contains("rcpt: <b@example.test>");
    } finally {
      store.close();
    }
  }
}
