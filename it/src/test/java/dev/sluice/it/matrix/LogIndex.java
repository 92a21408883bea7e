package dev.sluice.it.matrix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows a server's log as it grows (reading only what is new) and finds lines by the message id
 * they carry, e.g. Postfix's queue id or exim's message id.
 */
final class LogIndex {

  private final Path file;
  private final Pattern id;
  private final Map<String, List<String>> byId = new HashMap<>();
  private long offset;
  private byte[] partial = new byte[0];

  /** {@code id}'s first group is the message id of a line; lines without one are skipped. */
  LogIndex(Path file, Pattern id) {
    this.file = file;
    this.id = id;
  }

  /** The log lines about one message so far, oldest first. */
  synchronized List<String> lines(String messageId) {
    refresh();
    return List.copyOf(byId.getOrDefault(messageId, List.of()));
  }

  private void refresh() {
    if (!Files.exists(file)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size <= offset) {
        return;
      }
      ByteBuffer buf = ByteBuffer.allocate((int) (size - offset));
      while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
        // read all that is there now
      }
      offset += buf.position();
      byte[] fresh = new byte[partial.length + buf.position()];
      System.arraycopy(partial, 0, fresh, 0, partial.length);
      System.arraycopy(buf.array(), 0, fresh, partial.length, buf.position());
      int start = 0;
      for (int i = 0; i < fresh.length; i++) {
        if (fresh[i] == '\n') {
          index(new String(fresh, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      partial = java.util.Arrays.copyOfRange(fresh, start, fresh.length);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private void index(String line) {
    Matcher m = id.matcher(line);
    if (m.find()) {
      byId.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(line);
    }
  }
}
